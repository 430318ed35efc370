package vpo.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import vpo.archive.BackupKind;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;

/**
 * One archive in a backup directory, as listing sees it: its metadata when readable, otherwise what
 * its name and file say.
 *
 * @param metadata null when the archive's metadata cannot be read
 * @param problem why the metadata cannot be read, or null
 * @param createdAt from the metadata, else the file name, else the file's modification time
 */
public record BackupEntry(
    Path path,
    long archiveSizeBytes,
    Instant createdAt,
    BackupKind kind,
    BackupMetadata metadata,
    String problem) {

  public String filename() {
    return path.getFileName().toString();
  }

  public boolean readable() {
    return metadata != null;
  }

  /**
   * Newest first: by creation time, then by collision suffix (the {@code -2} of two archives from
   * the same second is the later one), then by name.
   */
  public static final Comparator<BackupEntry> NEWEST_FIRST =
      Comparator.comparing(BackupEntry::createdAt)
          .thenComparingInt((BackupEntry e) -> BackupNames.sequenceOf(e.path()))
          .thenComparing(BackupEntry::filename)
          .reversed();
}
