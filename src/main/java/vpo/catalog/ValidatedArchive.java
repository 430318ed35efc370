package vpo.catalog;

import java.nio.file.Path;
import java.util.List;
import vpo.archive.BackupMetadata;
import vpo.library.LibrarySchema;
import vpo.library.SchemaIncompatibleException;

/**
 * An archive that passed every check, with its database extracted to a temp file.
 *
 * @param schemaVersion the version recorded inside the extracted database (the truth; the
 *     metadata's copy is only what the writer believed)
 * @param fileCount rows in the extracted database's {@code files}
 * @param warnings things worth telling the user that do not make the archive invalid
 */
public record ValidatedArchive(
    BackupMetadata metadata,
    Path database,
    long databaseSizeBytes,
    String databaseSha256,
    int schemaVersion,
    long fileCount,
    List<String> warnings) {

  /**
   * Why this vpo cannot restore the archive although it is intact (its schema is newer than vpo
   * knows, or older than it can migrate), or null when it can.
   */
  public SchemaIncompatibleException unrestorable() {
    if (schemaVersion > LibrarySchema.CURRENT_VERSION) {
      return SchemaIncompatibleException.newerThanSupported("backup", schemaVersion);
    }
    if (schemaVersion < LibrarySchema.OLDEST_MIGRATABLE) {
      return SchemaIncompatibleException.olderThanMigratable("backup", schemaVersion);
    }
    return null;
  }
}
