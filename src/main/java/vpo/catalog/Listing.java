package vpo.catalog;

import java.util.List;

/**
 * The archives of a backup location, newest first: this library's, or with {@code --all} every one,
 * and with {@code --verify} the outcome of fully validating each.
 *
 * @param location the location, as the user names it
 * @param entries the archives listed
 * @param verifications one per entry, in the same order, or null when not verified
 * @param all whether every library's archives are listed
 * @param otherLibraries archives of other libraries left out (0 with {@code all})
 * @param otherFiles archives in the location ({@code *.tar.gz}, {@code *.tar.gz.age}) not named
 *     like vpo's (with {@code all}, those that turned out to be readable vpo archives are listed
 *     instead)
 */
public record Listing(
    String location,
    List<BackupEntry> entries,
    List<Verification> verifications,
    boolean all,
    int otherLibraries,
    List<String> otherFiles) {
  public boolean verified() {
    return verifications != null;
  }

  public long totalSizeBytes() {
    return entries.stream().mapToLong(BackupEntry::archiveSizeBytes).sum();
  }

  /** How many archives failed validation. */
  public long corruptCount() {
    return verified() ? verifications.stream().filter(v -> !v.valid() && !v.locked()).count() : 0;
  }

  /** How many encrypted archives could not be verified, no identity given opening them. */
  public long unverifiedCount() {
    return verified() ? verifications.stream().filter(Verification::locked).count() : 0;
  }

  /** How many intact archives this vpo cannot restore (their schema is out of its range). */
  public long unrestorableCount() {
    return verified()
        ? verifications.stream().filter(v -> v.valid() && !v.restorable()).count()
        : 0;
  }

  /** Encrypted archives listed that no identity given could open. */
  public long lockedCount() {
    return entries.stream().filter(e -> e.encrypted() && !e.readable()).count();
  }
}
