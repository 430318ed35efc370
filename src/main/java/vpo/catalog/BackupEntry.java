package vpo.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import vpo.archive.BackupKind;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;

/**
 * One archive in a backup location, as listing sees it: its metadata when readable, otherwise what
 * its name and size say.
 *
 * @param name its name in the location
 * @param location where it is, as the user names it: a path, or an {@code s3://} URL
 * @param metadata null when the archive's metadata cannot be read (or, encrypted, no identity given
 *     opens it)
 * @param problem why the metadata cannot be read, or null
 * @param createdAt from the metadata, else the name, else the store's modification time
 * @param encrypted whether the archive is an age file
 * @param sha256 the archive's SHA-256 where the store keeps it (S3), or null
 */
public record BackupEntry(
    String name,
    String location,
    long archiveSizeBytes,
    Instant createdAt,
    BackupKind kind,
    BackupMetadata metadata,
    String problem,
    boolean encrypted,
    String sha256) {

  /** A plain archive in a local directory, as tests and older code describe one. */
  public BackupEntry(
      Path path,
      long archiveSizeBytes,
      Instant createdAt,
      BackupKind kind,
      BackupMetadata metadata,
      String problem) {
    this(
        path.getFileName().toString(),
        path.toString(),
        archiveSizeBytes,
        createdAt,
        kind,
        metadata,
        problem,
        false,
        null);
  }

  public String filename() {
    return name;
  }

  /** Where it is, as the user names it (for a local archive, its path). */
  public String path() {
    return location;
  }

  public boolean readable() {
    return metadata != null;
  }

  /** The library the archive says it came from, or null when it says nothing (or is unread). */
  public String libraryId() {
    return metadata == null ? null : metadata.libraryId();
  }

  /**
   * Newest first: by creation time, then by collision suffix (the {@code -2} of two archives from
   * the same second is the later one), then by name.
   */
  public static final Comparator<BackupEntry> NEWEST_FIRST =
      Comparator.comparing(BackupEntry::createdAt)
          .thenComparingInt((BackupEntry e) -> BackupNames.sequenceOf(e.name()))
          .thenComparing(BackupEntry::name)
          .reversed();
}
