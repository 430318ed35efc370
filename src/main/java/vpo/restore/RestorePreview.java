package vpo.restore;

import java.time.Instant;
import java.util.List;
import vpo.archive.BackupKind;

/**
 * A validated archive, described before anything is changed: what {@code --dry-run} reports and
 * what the user confirms.
 *
 * @param schemaVersion the archive's schema (read from its database)
 * @param currentSchemaVersion the schema this vpo writes
 * @param librarySchemaVersion the schema of the library it would replace, or null if none
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
    List<String> warnings) {

  /** Whether the archive's schema differs from the one this vpo writes. */
  public boolean schemaMismatch() {
    return schemaVersion != currentSchemaVersion;
  }
}
