package vpo.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vpo.backup.BackupService;
import vpo.catalog.LibraryOwner;
import vpo.config.BusyTimeout;
import vpo.config.ConfigException;
import vpo.config.DefaultConfig;
import vpo.config.VpoConfig;
import vpo.config.VpoPaths;
import vpo.crypto.Identities;
import vpo.crypto.Recipient;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.LibrarySchema;
import vpo.location.BackupLocation;
import vpo.location.LocationUri;
import vpo.location.S3Settings;
import vpo.progress.Notices;
import vpo.progress.ProgressListener;
import vpo.restore.SafetyCopy;

/**
 * The user's vpo setup as one run sees it: the data directory, the config, the library and the
 * backup directory, resolved once from flags, environment and config. It holds the rules for using
 * them: what first use on a machine creates, that a missing library at the default location is
 * created empty, and that an older library is saved in a pre-migration archive before it is
 * migrated.
 */
public final class VpoHome {
  /** The key file {@code vpo library key generate} writes by default, in the data directory. */
  public static final String DEFAULT_KEY_FILE = "backup-key.txt";

  private final Map<String, String> env;
  private final Path cwd;
  private final VpoPaths paths;
  private final VpoConfig config;
  private final boolean dataDirExisted;
  private final String vpoVersion;
  private final Notices notices;

  private VpoHome(
      Map<String, String> env,
      Path cwd,
      VpoPaths paths,
      VpoConfig config,
      String vpoVersion,
      Notices notices,
      boolean existed) {
    this.env = env;
    this.cwd = cwd;
    this.paths = paths;
    this.config = config;
    this.vpoVersion = vpoVersion;
    this.notices = notices;
    this.dataDirExisted = existed;
  }

  /**
   * Resolves the setup: reads the config file, works out every path, and applies the library
   * settings (the busy timeout). Creates nothing.
   *
   * @param env the process environment
   * @param home the user's home directory ({@code $HOME})
   * @param cwd the working directory, for relative paths given on the command line
   * @param flags paths given as global flags
   */
  public static VpoHome resolve(
      Map<String, String> env,
      Path home,
      Path cwd,
      VpoPaths.Overrides flags,
      String vpoVersion,
      Notices notices) {
    Path dataDir = VpoPaths.dataDir(env, home, cwd);
    Path configFile = VpoPaths.configFile(flags, dataDir, env, home, cwd);
    if (flags.config() != null && !Files.isRegularFile(configFile)) {
      throw new ConfigException(
          "config file " + configFile + " does not exist",
          "check the --config path, or leave it out to use " + dataDir.resolve("config.toml"),
          null);
    }
    VpoConfig config = VpoConfig.load(configFile);
    VpoPaths paths = VpoPaths.resolve(env, home, cwd, flags, config);
    Library.setBusyTimeout(BusyTimeout.resolve(env));
    return new VpoHome(
        env, cwd, paths, config, vpoVersion, notices, Files.isDirectory(paths.dataDir()));
  }

  public VpoPaths paths() {
    return paths;
  }

  public VpoConfig config() {
    return config;
  }

  /** Whether the data directory existed when this run began. */
  public boolean dataDirExisted() {
    return dataDirExisted;
  }

  /**
   * First use on a machine: creates the data directory (0700), a commented default config and, when
   * {@code withLibrary} and the user named no other library, an empty library at the default
   * location; says so in one note. Does nothing when the data directory existed.
   *
   * @param withLibrary false for a command that brings the library itself (restore)
   */
  public void setUpFirstRun(boolean withLibrary) {
    if (dataDirExisted) {
      return;
    }
    createDataDir();
    boolean library = withLibrary && !paths.databaseExplicit() && !Files.exists(paths.database());
    if (library) {
      Library.create(paths.database()).close();
    }
    notices.note(
        "vpo: first run: created "
            + paths.dataDir()
            + " with a default config"
            + (library
                ? " and an empty library (schema " + LibrarySchema.CURRENT_VERSION + ")"
                : ""));
  }

  private void createDataDir() {
    try {
      PrivateFiles.createDirectories(paths.dataDir());
      DefaultConfig.writeIfMissing(paths.configFile());
    } catch (IOException e) {
      throw new DataDirectoryException(
          "cannot create the vpo data directory " + paths.dataDir() + ": " + e.getMessage(),
          "check the permissions of " + paths.dataDir().getParent() + ", or set VPO_DATA_DIR",
          e);
    }
  }

  /**
   * Creates what is missing of the data directory, config, library and backup directory, and
   * reports what exists. An existing library is only read, whatever its version.
   */
  public InitReport init() {
    Path db = paths.database();
    boolean libraryExists = Files.exists(db);
    int version = libraryExists ? Library.peekVersion(db) : LibrarySchema.CURRENT_VERSION;
    boolean config = !Files.exists(paths.configFile());
    createDataDir();
    if (!libraryExists) {
      Library.create(db).close();
    }
    boolean backups = !Files.isDirectory(paths.backupDir());
    try {
      PrivateFiles.createDirectories(paths.backupDir());
    } catch (IOException e) {
      throw new DataDirectoryException(
          "cannot create the backup directory " + paths.backupDir() + ": " + e.getMessage(),
          "check the permissions of its parent, or set [backup] directory in the config",
          e);
    }
    return new InitReport(
        paths.dataDir(),
        !dataDirExisted,
        paths.configFile(),
        config,
        db,
        !libraryExists,
        version,
        paths.backupDir(),
        backups);
  }

  /**
   * The library to work on. At the default location a missing library is created empty (a first
   * backup on a new machine just works); a library the user named must exist.
   */
  public Path libraryForUse() {
    if (!paths.databaseExplicit() && !Files.exists(paths.database())) {
      Library.create(paths.database()).close();
      notices.note("vpo: created an empty library at " + paths.database());
    }
    return paths.database();
  }

  /**
   * Opens the library for a command ({@link #libraryForUse}); a library older than vpo is saved in
   * a pre-migration archive in the backup directory before it is migrated.
   */
  public Library openLibrary(Library.Mode mode) {
    return Library.open(libraryForUse(), mode, this::saveBeforeMigration);
  }

  private void saveBeforeMigration(Path library, int fromVersion) {
    BackupService.SafetyArchive saved =
        new BackupService(vpoVersion, ProgressListener.NONE)
            .beforeMigration(library, paths.backupDir());
    notices.note(
        "vpo: migrating the library from schema "
            + fromVersion
            + " to "
            + LibrarySchema.CURRENT_VERSION
            + (saved.madeBefore() ? "; already saved as it is now: " : "; saved a copy first: ")
            + saved.archive());
  }

  /**
   * Opens a backup location ({@code LocationUri.parse*} of what the user gave): a local directory,
   * or an S3 prefix reached as the AWS environment and the {@code [s3]} section say.
   */
  public BackupLocation openLocation(LocationUri where) {
    return BackupLocation.open(where, this::s3Settings);
  }

  /** The configured backup directory, as a location. */
  public LocationUri backupLocation() {
    return new LocationUri.Directory(paths.backupDir());
  }

  private S3Settings s3Settings() {
    VpoConfig.S3 s3 = config.s3();
    return S3Settings.resolve(
        env,
        paths.home(),
        new S3Settings.Config(
            s3.endpoint().orElse(null),
            s3.region().orElse(null),
            s3.profile().orElse(null),
            s3.pathStyle().orElse(null)));
  }

  /** Where {@code [backup] copy_to} says every new backup is copied, parsed. */
  public List<LocationUri> configuredCopies() {
    return config.copyTo().stream().map(c -> LocationUri.parseLocation(c, paths.home())).toList();
  }

  /**
   * The recipients to encrypt backups to: those given on the command line ({@code --recipient},
   * {@code --recipients-file}) when any are, else {@code [backup] recipients} and {@code
   * recipients_file}. Empty: backups are not encrypted.
   */
  public List<Recipient> recipients(List<String> flagged, Path flaggedFile) {
    List<Recipient> recipients = new ArrayList<>(Recipient.parseAll(flagged));
    if (flaggedFile != null) {
      recipients.addAll(Recipient.readFile(cwd.resolve(flaggedFile)));
    }
    if (!recipients.isEmpty() || !flagged.isEmpty() || flaggedFile != null) {
      return recipients;
    }
    recipients.addAll(Recipient.parseAll(config.recipients()));
    config
        .recipientsFile()
        .ifPresent(
            f ->
                recipients.addAll(Recipient.readFile(VpoPaths.resolveConfigPath(f, paths.home()))));
    return recipients;
  }

  /**
   * The identities that open encrypted archives: the {@code --identity} files when given (read
   * now), else {@code [backup] identity_file}, else the default key file when it exists (read when
   * an encrypted archive is met, not before: see {@link Identities}).
   */
  public Identities identities(List<Path> flagged) {
    List<Path> files = new ArrayList<>();
    flagged.forEach(f -> files.add(cwd.resolve(f)));
    if (!files.isEmpty()) {
      return Identities.readNow(files);
    }
    config.identityFile().ifPresent(f -> files.add(VpoPaths.resolveConfigPath(f, paths.home())));
    if (files.isEmpty() && Files.exists(paths.dataDir().resolve(DEFAULT_KEY_FILE))) {
      files.add(paths.dataDir().resolve(DEFAULT_KEY_FILE));
    }
    return Identities.readWhenNeeded(files);
  }

  /**
   * The library a command works on, as an owner of archives: its id, and whether it is the library
   * at the default location (which archives recording no library are attributed to).
   */
  public LibraryOwner owner() {
    Path db = paths.database();
    boolean isDefault =
        db.equals(paths.dataDir().resolve("library.db").toAbsolutePath().normalize());
    return new LibraryOwner(Library.peekLibraryId(db), isDefault);
  }

  /**
   * Removes what killed vpo processes left: temp files in the backup and library directories, and a
   * safety-copy name that is the library itself ({@link SafetyCopy#removeLeftovers}). Runs before
   * the command opens the library.
   */
  public void removeStaleTempFiles() {
    for (Path dir : new Path[] {paths.backupDir(), paths.database().getParent()}) {
      if (dir != null) {
        TempFiles.removeStale(dir);
      }
    }
    SafetyCopy.removeLeftovers(paths.database(), paths.backupDir());
  }
}
