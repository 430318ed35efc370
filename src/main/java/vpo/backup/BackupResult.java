package vpo.backup;

import java.time.Duration;
import java.time.Instant;
import vpo.archive.BackupKind;

/**
 * A backup that was written.
 *
 * @param archive where it is, as the user names it (a path, or an {@code s3://} URL), or null when
 *     it was streamed
 * @param name its name in its location, or null when it was streamed
 * @param encrypted whether it is an age file
 * @param sha256 SHA-256 of the archive's bytes (what {@code sha256sum} prints)
 * @param libraryId the library's id recorded in the archive, or null when it has none
 * @param quickCheck the damage recorded when {@code --force} archived a damaged library, or null
 */
public record BackupResult(
    String archive,
    String name,
    boolean encrypted,
    BackupKind kind,
    long archiveSizeBytes,
    long databaseSizeBytes,
    long fileCount,
    long totalLibraryBytes,
    int schemaVersion,
    Instant createdAt,
    Duration duration,
    String sha256,
    String databaseSha256,
    String libraryId,
    String quickCheck) {

  /** The fraction of the database's size the archive saves, e.g. 0.734. */
  public double compressionRatio() {
    if (databaseSizeBytes <= 0) {
      return 0;
    }
    return Math.round((1.0 - (double) archiveSizeBytes / databaseSizeBytes) * 1000) / 1000.0;
  }
}
