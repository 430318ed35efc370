package vpo.library;

import vpo.VpoException;

/**
 * The library's schema version is one vpo cannot work with: older than it can migrate, newer than
 * it knows, or not a version number at all. Thrown before anything is written, so the library is
 * left exactly as it was.
 */
public final class SchemaIncompatibleException extends VpoException {
  private final String foundVersion;

  /** A failure about several schemas at once (archives in a listing), with no one version. */
  public SchemaIncompatibleException(String message, String hint) {
    this(null, message, hint);
  }

  private SchemaIncompatibleException(String foundVersion, String message, String hint) {
    this(foundVersion, message, hint, null);
  }

  private SchemaIncompatibleException(
      String foundVersion, String message, String hint, Throwable cause) {
    super(message, hint, cause);
    this.foundVersion = foundVersion;
  }

  /**
   * {@code subject} (a library, or a backup of one) at {@code from}, whose migration to {@code to}
   * cannot be done: a step failed on it ({@code reason}), and was rolled back.
   */
  public static SchemaIncompatibleException cannotMigrate(
      String subject, int from, int to, String reason, Throwable cause) {
    return new SchemaIncompatibleException(
        Integer.toString(from),
        "cannot migrate the "
            + subject
            + " from schema version "
            + from
            + " to "
            + to
            + ": "
            + reason.replaceFirst("^\\[SQLITE_\\w+\\]\\s*", ""),
        subject.equals("library")
            ? "the library was left at version "
                + from
                + "; open it once with the Python VPO, which migrates it, or restore a backup"
                + " (list them with 'vpo library backups')"
            : "nothing was changed; restore another backup (list them with 'vpo library"
                + " backups')",
        cause);
  }

  /** A library at {@code version}, below {@link LibrarySchema#OLDEST_MIGRATABLE}. */
  public static SchemaIncompatibleException olderThanMigratable(int version) {
    return olderThanMigratable("library", version);
  }

  /** A library at {@code version}, above {@link LibrarySchema#CURRENT_VERSION}. */
  public static SchemaIncompatibleException newerThanSupported(int version) {
    return newerThanSupported("library", version);
  }

  /**
   * {@code subject} (a library, or a backup of one) at {@code version}, below {@link
   * LibrarySchema#OLDEST_MIGRATABLE}.
   */
  public static SchemaIncompatibleException olderThanMigratable(String subject, int version) {
    return new SchemaIncompatibleException(
        Integer.toString(version),
        subject
            + " schema version "
            + version
            + " is older than vpo can migrate ("
            + LibrarySchema.OLDEST_MIGRATABLE
            + " or newer)",
        "open it once with the Python VPO, which migrates it to version "
            + LibrarySchema.CURRENT_VERSION
            + ", then run vpo again; nothing was changed");
  }

  /**
   * {@code subject} (a library, or a backup of one) at {@code version}, above {@link
   * LibrarySchema#CURRENT_VERSION}.
   */
  public static SchemaIncompatibleException newerThanSupported(String subject, int version) {
    return new SchemaIncompatibleException(
        Integer.toString(version),
        subject
            + " schema version "
            + version
            + " is newer than this vpo supports ("
            + LibrarySchema.CURRENT_VERSION
            + ")",
        "use a vpo release that supports schema version " + version + "; nothing was changed");
  }

  /** A library whose {@code _meta} schema_version row does not hold an integer. */
  public static SchemaIncompatibleException unreadable(String rawValue) {
    return new SchemaIncompatibleException(
        rawValue,
        "library schema version '" + rawValue + "' is not a version number",
        "the _meta table's schema_version row is damaged; restore the library from a backup");
  }

  /** The version text found in the library, as stored, or null when there is not one. */
  public String foundVersion() {
    return foundVersion;
  }
}
