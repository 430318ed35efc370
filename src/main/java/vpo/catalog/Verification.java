package vpo.catalog;

/**
 * The outcome of fully validating one archive, as restore would: intact or not, and if intact,
 * whether this vpo can restore it.
 *
 * @param valid whether the archive is intact (every layer, checksum and {@code quick_check})
 * @param schemaVersion the schema of the database inside, when it could be read; may differ from
 *     what the metadata says
 * @param problem why it is not valid, or why this vpo cannot restore it, in one line; null when it
 *     is valid and restorable
 * @param locked whether it is an encrypted archive that no identity given opens: not verified,
 *     which says nothing of its state ({@code valid} is false, {@code problem} says why)
 */
public record Verification(
    BackupEntry entry,
    boolean valid,
    boolean restorable,
    Integer schemaVersion,
    String problem,
    boolean locked) {

  /** The outcome of reading the whole archive. */
  public Verification(
      BackupEntry entry, boolean valid, boolean restorable, Integer schemaVersion, String problem) {
    this(entry, valid, restorable, schemaVersion, problem, false);
  }

  static Verification corrupt(BackupEntry entry, String problem) {
    return new Verification(entry, false, false, null, problem);
  }

  static Verification locked(BackupEntry entry, String problem) {
    return new Verification(entry, false, false, null, problem, true);
  }
}
