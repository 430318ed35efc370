package vpo.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vpo.fs.PrivateFiles;

/** The commented config file written on first run. Every line is a default, commented out. */
public final class DefaultConfig {
  private DefaultConfig() {}

  /** Writes the default config (0600) to {@code file} unless it exists; true if it wrote it. */
  public static boolean writeIfMissing(Path file) throws IOException {
    if (Files.exists(file)) {
      return false;
    }
    PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, TEXT);
    PrivateFiles.restrict(file);
    return true;
  }

  static final String TEXT =
      """
      # vpo configuration (TOML). Every setting is optional; the commented values are the
      # defaults. Paths may start with ~, and relative paths are taken from your home directory.
      # The Python VPO reads this file too: vpo ignores the sections it does not use.

      # The library database. Also set by --db or VPO_DATABASE_PATH.
      # database_path = "~/.vpo/library.db"

      [backup]
      # Where 'vpo library backup' writes archives and 'vpo library backups' looks for them.
      # directory = "~/.vpo/backups"

      # Retention for 'vpo library backups prune' and 'vpo library backup --prune'.
      # An archive kept by any rule is kept.
      # keep_last = 10      # the newest N archives
      # keep_daily = 7      # the newest archive of each of the last N days with archives
      # keep_weekly = 4     # ... of each of the last N ISO weeks
      # keep_monthly = 6    # ... of each of the last N months

      [logging]
      # file = "~/.vpo/logs/vpo.log"
      # level = "info"      # debug, info, warning, error
      # format = "text"     # or "json" for one JSON record per line
      """;
}
