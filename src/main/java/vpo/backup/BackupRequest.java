package vpo.backup;

import java.nio.file.Path;
import vpo.archive.BackupKind;

/**
 * What to back up and how.
 *
 * @param force archive a damaged library anyway, recording the damage
 * @param level gzip level 1-9
 */
public record BackupRequest(Destination destination, boolean force, int level, BackupKind kind) {
  public static final int DEFAULT_LEVEL = 6;

  /** A safety archive of {@code kind} in the backup directory {@code backupDir}. */
  static BackupRequest safety(Path backupDir, BackupKind kind) {
    return new BackupRequest(new Destination.Directory(backupDir, true), true, DEFAULT_LEVEL, kind);
  }
}
