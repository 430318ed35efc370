package vpo.restore;

import java.time.Instant;
import java.util.List;
import vpo.archive.BackupKind;
import vpo.library.LibraryDifference;

/**
 * A validated archive, described before anything is changed: what {@code --dry-run} reports and
 * what the user confirms.
 *
 * @param schemaVersion the archive's schema (read from its database)
 * @param currentSchemaVersion the schema this vpo writes
 * @param librarySchemaVersion the schema of the library it would replace, or null if none
 * @param changes what it would change in that library, or null when not compared
 */
public record RestorePreview(
    String source,
    Instant createdAt,
    String vpoVersion,
    BackupKind kind,
    int schemaVersion,
    int currentSchemaVersion,
    Integer librarySchemaVersion,
    long databaseSizeBytes,
    long fileCount,
    boolean libraryExists,
    List<String> warnings,
    LibraryDifference changes) {

  /** This preview with what the restore would change. */
  public RestorePreview withChanges(LibraryDifference changes) {
    return new RestorePreview(
        source,
        createdAt,
        vpoVersion,
        kind,
        schemaVersion,
        currentSchemaVersion,
        librarySchemaVersion,
        databaseSizeBytes,
        fileCount,
        libraryExists,
        warnings,
        changes);
  }

  /** Whether the archive's schema differs from the one this vpo writes. */
  public boolean schemaMismatch() {
    return schemaVersion != currentSchemaVersion;
  }
}
