package vpo.catalog;

import java.nio.file.Path;
import java.util.List;

/**
 * The archives of a backup directory, newest first, and with {@code --verify} the outcome of fully
 * validating each.
 *
 * @param verifications one per entry, in the same order, or null when not verified
 */
public record Listing(Path directory, List<BackupEntry> entries, List<Verification> verifications) {
  public boolean verified() {
    return verifications != null;
  }

  public long totalSizeBytes() {
    return entries.stream().mapToLong(BackupEntry::archiveSizeBytes).sum();
  }

  /** How many archives failed validation. */
  public long corruptCount() {
    return verified() ? verifications.stream().filter(v -> !v.valid()).count() : 0;
  }

  /** How many intact archives this vpo cannot restore (their schema is out of its range). */
  public long unrestorableCount() {
    return verified()
        ? verifications.stream().filter(v -> v.valid() && !v.restorable()).count()
        : 0;
  }
}
