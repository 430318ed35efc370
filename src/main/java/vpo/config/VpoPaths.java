package vpo.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where vpo's files live, resolved once per command from flags, environment and config, highest
 * first (PRODUCT.md section 1).
 *
 * @param databaseExplicit whether the user named the library (flag, environment or config), in
 *     which case a missing file is an error rather than a first run
 */
public record VpoPaths(
    Path home,
    Path dataDir,
    Path configFile,
    Path database,
    boolean databaseExplicit,
    Path backupDir,
    Path logFile) {

  public static final String DATA_DIR_ENV = "VPO_DATA_DIR";
  public static final String DATABASE_ENV = "VPO_DATABASE_PATH";
  public static final String CONFIG_ENV = "VPO_CONFIG_PATH";

  /** Flags given on the command line; null where absent. */
  public record Overrides(Path db, Path config, Path logFile) {}

  /** The data directory and config file, which must be known before the config is read. */
  public static Path dataDir(Map<String, String> env, Path home, Path cwd) {
    return nonBlank(env.get(DATA_DIR_ENV))
        .map(v -> resolveUserPath(v, home, cwd))
        .orElse(home.resolve(".vpo"));
  }

  /** {@code --config}, else {@code VPO_CONFIG_PATH} (as the Python VPO), else the data dir's. */
  public static Path configFile(
      Overrides flags, Path dataDir, Map<String, String> env, Path home, Path cwd) {
    if (flags.config() != null) {
      return cwd.resolve(flags.config());
    }
    return nonBlank(env.get(CONFIG_ENV))
        .map(v -> resolveUserPath(v, home, cwd))
        .orElse(dataDir.resolve("config.toml"));
  }

  public static VpoPaths resolve(
      Map<String, String> env, Path home, Path cwd, Overrides flags, VpoConfig config) {
    Path dataDir = dataDir(env, home, cwd);
    Path configFile = configFile(flags, dataDir, env, home, cwd).toAbsolutePath().normalize();
    Path database;
    boolean explicit = true;
    if (flags.db() != null) {
      database = cwd.resolve(flags.db());
    } else if (nonBlank(env.get(DATABASE_ENV)).isPresent()) {
      database = resolveUserPath(env.get(DATABASE_ENV), home, cwd);
    } else if (config.databasePath().isPresent()) {
      database = resolveConfigPath(config.databasePath().get(), home);
    } else {
      database = dataDir.resolve("library.db");
      explicit = false;
    }
    Path backupDir =
        config
            .backupDirectory()
            .map(d -> resolveConfigPath(d, home))
            .orElse(dataDir.resolve("backups"));
    Path logFile =
        flags.logFile() != null
            ? cwd.resolve(flags.logFile())
            : config
                .logFile()
                .map(f -> resolveConfigPath(f, home))
                .orElse(dataDir.resolve("logs").resolve("vpo.log"));
    return new VpoPaths(
        home,
        dataDir.toAbsolutePath().normalize(),
        configFile,
        database.toAbsolutePath().normalize(),
        explicit,
        backupDir.toAbsolutePath().normalize(),
        logFile.toAbsolutePath().normalize());
  }

  /** Config paths: {@code ~} and relative paths are taken from the user's home. */
  public static Path resolveConfigPath(String value, Path home) {
    return home.resolve(expandTilde(value, home));
  }

  /** Paths from flags and environment: {@code ~} is home, relative is the working directory. */
  public static Path resolveUserPath(String value, Path home, Path cwd) {
    return cwd.resolve(expandTilde(value, home));
  }

  private static Path expandTilde(String value, Path home) {
    if (value.equals("~")) {
      return home;
    }
    if (value.startsWith("~/")) {
      return home.resolve(value.substring(2));
    }
    return Path.of(value);
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }
}
