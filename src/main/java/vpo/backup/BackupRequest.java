package vpo.backup;

import java.nio.file.Path;

/**
 * What to back up and how.
 *
 * @param output the {@code -o} argument, or null for the backup directory
 * @param force archive a damaged library anyway; overwrite an existing {@code -o} file
 * @param level gzip level 1-9
 */
public record BackupRequest(
    String output,
    Path cwd,
    Path backupDir,
    java.io.OutputStream stdout,
    boolean force,
    int level,
    BackupKind kind) {

  public static final int DEFAULT_LEVEL = 6;

  Destination destination() {
    return Destination.parse(output, cwd, backupDir, force, stdout);
  }
}
