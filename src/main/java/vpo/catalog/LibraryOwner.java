package vpo.catalog;

/**
 * Which archives belong to the library a command works on: those that record its id, and, for the
 * default library ({@code <data dir>/library.db}), those that record none (the Python VPO's and
 * older vpo's archives). An encrypted archive nobody could open is shown to every library: who it
 * belongs to cannot be told.
 *
 * @param libraryId the library's id, or null when it has none yet
 * @param isDefault whether it is the library at the default location
 */
public record LibraryOwner(String libraryId, boolean isDefault) {
  /** Whether {@code entry} belongs to this library. */
  public boolean owns(BackupEntry entry) {
    if (entry.encrypted() && !entry.readable()) {
      return true;
    }
    String id = entry.libraryId();
    return id == null ? isDefault : id.equals(libraryId);
  }

  /** The same library, known by {@code id} (given it since this owner was made); null keeps it. */
  public LibraryOwner withId(String id) {
    return id == null ? this : new LibraryOwner(id, isDefault);
  }

  /** Whether {@code entry} belongs to no library but says nothing of it (counts as the default). */
  public static boolean unattributed(BackupEntry entry) {
    return entry.readable() && entry.libraryId() == null;
  }
}
