package vpo.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import vpo.archive.BackupKind;

/**
 * A backup that was written.
 *
 * @param path the archive, or null when it was streamed
 * @param sha256 SHA-256 of the archive file's bytes (what {@code sha256sum} prints)
 * @param quickCheck the damage recorded when {@code --force} archived a damaged library, or null
 */
public record BackupResult(
    Path path,
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
    String quickCheck) {

  /** The fraction of the database's size the archive saves, e.g. 0.734. */
  public double compressionRatio() {
    if (databaseSizeBytes <= 0) {
      return 0;
    }
    return Math.round((1.0 - (double) archiveSizeBytes / databaseSizeBytes) * 1000) / 1000.0;
  }
}
