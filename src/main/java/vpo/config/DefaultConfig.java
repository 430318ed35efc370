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

      # Copy each new backup to these locations too, after it is complete (also --copy-to).
      # For example:
      # copy_to = ["s3://my-bucket/vpo"]

      # Encrypt every backup with age to these public keys (also --recipient), or to those in
      # a file (like age -R). 'vpo library key generate' makes a key. For example:
      # recipients = ["age1..."]
      # recipients_file = "~/.vpo/recipients.txt"
      # The private key that restore and the listing use to read encrypted backups (also
      # --identity). For example:
      # identity_file = "~/.vpo/backup-key.txt"

      [s3]
      # For s3:// locations. The AWS variables (AWS_ENDPOINT_URL, AWS_REGION, AWS_PROFILE,
      # AWS_ACCESS_KEY_ID, ...) and ~/.aws/config win over these. Credentials never go here.
      # For example:
      # endpoint = "https://s3.example.net"   # your own store; AWS needs none
      # region = "us-east-1"
      # profile = "backups"                     # a profile of ~/.aws/credentials
      # path_style = true                       # the default with a custom endpoint

      [logging]
      # file = "~/.vpo/logs/vpo.log"
      # level = "info"      # debug, info, warning, error
      # format = "text"     # or "json" for one JSON record per line
      """;
}
