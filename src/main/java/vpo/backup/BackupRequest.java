package vpo.backup;

import java.nio.file.Path;
import java.util.List;
import vpo.archive.BackupKind;
import vpo.crypto.Recipient;
import vpo.location.LocalDirectory;

/**
 * What to back up and how.
 *
 * @param force archive a damaged library anyway, recording the damage
 * @param level gzip level 1-9
 * @param recipients age recipients to encrypt the archive to; empty for a plain archive
 */
public record BackupRequest(
    Destination destination,
    boolean force,
    int level,
    BackupKind kind,
    List<Recipient> recipients) {
  public static final int DEFAULT_LEVEL = 6;

  public BackupRequest {
    recipients = List.copyOf(recipients);
  }

  /** A plain backup. */
  public BackupRequest(Destination destination, boolean force, int level, BackupKind kind) {
    this(destination, force, level, kind, List.of());
  }

  public boolean encrypted() {
    return !recipients.isEmpty();
  }

  /**
   * A safety archive of {@code kind} in the backup directory {@code backupDir}. Safety archives are
   * never encrypted: they stay beside the library, which is itself plain on that disk, and undoing
   * a restore must not depend on having a key.
   */
  static BackupRequest safety(Path backupDir, BackupKind kind) {
    return new BackupRequest(
        new Destination.At(new LocalDirectory(backupDir), null, false, true),
        true,
        DEFAULT_LEVEL,
        kind);
  }
}
