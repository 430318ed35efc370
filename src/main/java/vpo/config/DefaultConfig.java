package vpo.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vpo.fs.PrivateFiles;

/**
 * The commented config file written on first run: every setting commented out, with its default, or
 * for settings that have none (retention) an example marked as such.
 */
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
      # vpo configuration (TOML). Every setting is optional. A commented value is the default,
      # except where a comment says "for example". Paths may start with ~, and relative paths
      # are taken from your home directory.
      # The Python VPO reads this file too: vpo ignores the sections it does not use.

      # The library database. Also set by --db or VPO_DATABASE_PATH.
      # database_path = "~/.vpo/library.db"

      [backup]
      # Where 'vpo library backup' writes archives and 'vpo library backups' looks for them.
      # directory = "~/.vpo/backups"

      # Retention has no default: no archive is ever deleted until you choose what to keep.
      # The rules set here are what 'vpo library backups prune' applies when given no --keep-*
      # flag (a flag replaces its own rule only), and what 'vpo library backup --prune' applies.
      # An archive kept by any rule is kept. For example:
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
