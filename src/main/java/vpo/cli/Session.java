package vpo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import vpo.config.VpoConfig;
import vpo.config.VpoPaths;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.LibraryException;
import vpo.library.LibrarySchema;

/**
 * One run of vpo: the environment, the global flags, and what follows from them (config, paths,
 * logging), resolved once and on first need so that {@code --version} and {@code --help} touch
 * nothing.
 */
final class Session {
  private final Environment environment;
  private final GlobalOptions options = new GlobalOptions();
  private VpoConfig config;
  private VpoPaths paths;
  private boolean started;
  private boolean dataDirExisted;
  private Instant startedAt;

  Session(Environment environment) {
    this.environment = environment;
  }

  Environment environment() {
    return environment;
  }

  GlobalOptions options() {
    return options;
  }

  Instant startedAt() {
    return startedAt;
  }

  /** Whether the data directory was there before this run (starting the log creates it). */
  boolean dataDirExisted() {
    return dataDirExisted;
  }

  VpoConfig config() {
    resolve();
    return config;
  }

  VpoPaths paths() {
    resolve();
    return paths;
  }

  private void resolve() {
    if (paths != null) {
      return;
    }
    VpoPaths.Overrides flags = new VpoPaths.Overrides(options.db, options.config, options.logFile);
    Path dataDir = VpoPaths.dataDir(environment.env(), environment.home(), environment.cwd());
    Path configFile =
        VpoPaths.configFile(
            flags, dataDir, environment.env(), environment.home(), environment.cwd());
    if (options.config != null && !Files.isRegularFile(configFile)) {
      throw new vpo.config.ConfigException(
          "config file " + configFile + " does not exist",
          "check the --config path, or leave it out to use " + dataDir.resolve("config.toml"),
          null);
    }
    config = VpoConfig.load(configFile);
    paths =
        VpoPaths.resolve(environment.env(), environment.home(), environment.cwd(), flags, config);
  }

  /**
   * Called once before a command runs: starts logging, sets up a first-run data directory, and
   * removes temp files of killed vpo processes.
   */
  void start(String command, boolean firstRunSetup) {
    if (started) {
      return;
    }
    started = true;
    startedAt = Instant.now();
    VpoPaths p = paths();
    boolean firstRun = !Files.isDirectory(p.dataDir());
    dataDirExisted = !firstRun;
    if (firstRun && firstRunSetup) {
      createDataDir(p);
    }
    String level = options.logLevel != null ? options.logLevel : config.logLevel().orElse("info");
    String warning = LoggingSetup.start(p.logFile(), level, options.logJson || config.logJson());
    if (warning != null) {
      warn(warning);
    }
    org.slf4j.LoggerFactory.getLogger("vpo")
        .atInfo()
        .addKeyValue("command", command)
        .addKeyValue("library", p.database())
        .log("command started");
    for (Path dir : new Path[] {p.backupDir(), p.database().getParent()}) {
      if (dir != null) {
        TempFiles.removeStale(dir);
      }
    }
  }

  private void createDataDir(VpoPaths p) {
    try {
      PrivateFiles.createDirectories(p.dataDir());
      DefaultConfig.writeIfMissing(p.configFile());
    } catch (IOException e) {
      throw new LibraryException(
          "cannot create the vpo data directory " + p.dataDir() + ": " + e.getMessage(),
          "check the permissions of " + p.dataDir().getParent() + ", or set VPO_DATA_DIR",
          e);
    }
    boolean library = !p.databaseExplicit() && !Files.exists(p.database());
    if (library) {
      Library.create(p.database()).close();
    }
    note(
        "vpo: first run: created "
            + p.dataDir()
            + " with a default config"
            + (library
                ? " and an empty library (schema " + LibrarySchema.CURRENT_VERSION + ")"
                : ""));
  }

  /**
   * The library to work on. At the default location a missing library is created empty (a first
   * backup on a new machine just works); a library the user named must exist.
   */
  Path libraryPathForUse() {
    VpoPaths p = paths();
    if (!p.databaseExplicit() && !Files.exists(p.database())) {
      Library.create(p.database()).close();
      note("vpo: created an empty library at " + p.database());
    }
    return p.database();
  }

  /** Opens the library for a command, creating it first where {@link #libraryPathForUse} does. */
  Library openLibrary(Library.Access access) {
    return Library.open(libraryPathForUse(), access, migrationHook());
  }

  /** What runs before a migration: a pre-migration safety archive. */
  Library.MigrationHook migrationHook() {
    return (file, fromVersion) -> {
      vpo.backup.BackupResult saved =
          new vpo.backup.BackupService(
                  VpoCommand.Version.number(), vpo.progress.ProgressListener.NONE)
              .safetyBackup(file, paths().backupDir(), vpo.backup.BackupKind.PRE_MIGRATION);
      note(
          "vpo: migrating the library from schema "
              + fromVersion
              + " to "
              + LibrarySchema.CURRENT_VERSION
              + "; saved a copy first: "
              + saved.path());
    };
  }

  void warn(String message) {
    environment.err().println("Warning: " + message);
    environment.err().flush();
  }

  void note(String message) {
    environment.err().println(message);
    environment.err().flush();
  }

  String logFileForMessages() {
    try {
      return paths().logFile().toString();
    } catch (RuntimeException e) {
      return "~/.vpo/logs/vpo.log";
    }
  }
}
