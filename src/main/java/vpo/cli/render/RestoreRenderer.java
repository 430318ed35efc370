package vpo.cli.render;

import java.nio.file.Path;
import vpo.restore.RestorePreview;
import vpo.restore.RestoreResult;

/** {@code vpo library restore}: what was restored, or with {@code --dry-run} what would be. */
public final class RestoreRenderer {
  private RestoreRenderer() {}

  /** A validated archive and what restoring it would do to the library at {@code library}. */
  public static Rendering preview(RestorePreview p, Path library) {
    return new Fields(14)
        .jsonOnly("dry_run", true)
        .jsonOnly("valid", true)
        .field("backup_path", p.source(), "Archive", p.source() + " (valid)")
        .field(
            "created_at",
            Formats.isoTime(p.createdAt()),
            "Created",
            Formats.time(p.createdAt())
                + (p.vpoVersion() == null
                    ? " (a copy of the library)"
                    : " by vpo " + p.vpoVersion()))
        .jsonOnly("vpo_version", p.vpoVersion())
        .field(
            "schema_version",
            p.schemaVersion(),
            "Schema",
            p.schemaVersion()
                + (p.schemaMismatch()
                    ? " (this vpo uses " + p.currentSchemaVersion() + "; it would be migrated)"
                    : ""))
        .jsonOnly("current_schema_version", p.currentSchemaVersion())
        .jsonOnly("library_schema_version", p.librarySchemaVersion())
        .jsonOnly("schema_mismatch", p.schemaMismatch())
        .field(
            "database_size_bytes",
            p.databaseSizeBytes(),
            "Database",
            Formats.size(p.databaseSizeBytes()))
        .field("file_count", p.fileCount(), "Files", Formats.count(p.fileCount()))
        .field(
            "library_exists",
            p.libraryExists(),
            "Would",
            (p.libraryExists() ? "replace the library at " : "create the library at ") + library)
        .list("warnings", p.warnings(), "Note")
        .block(
            "changes",
            p.changes() == null
                ? null
                : DiffRenderer.json(p.changes(), library.toString(), p.source(), p.schemaVersion()),
            out -> {
              if (p.changes() != null) {
                DiffRenderer.text(out, p.changes(), false);
              }
            })
        .textLine("Nothing was changed (--dry-run).");
  }

  /** A restore that happened. */
  public static Rendering result(RestoreResult r, Hints hints) {
    RestorePreview p = r.preview();
    String safety = r.safetyBackup();
    return new Fields(14)
        .jsonOnly("success", true)
        .textOnly("Restored", r.library().toString())
        .field(
            "source_path",
            p.source(),
            "From",
            p.source() + " (" + Formats.time(p.createdAt()) + ")")
        .jsonOnly("database_path", r.library().toString())
        .jsonOnly("duration_seconds", Formats.seconds(r.duration()))
        .jsonOnly("schema_mismatch", p.schemaMismatch())
        .field("file_count", p.fileCount(), "Files", Formats.count(p.fileCount()))
        .textOnly(
            "Migrated",
            r.migratedFrom() == null
                ? null
                : "schema " + r.migratedFrom() + " to " + p.currentSchemaVersion())
        .field(
            "safety_backup_path",
            safety,
            "Safety copy",
            safety == null
                ? null
                : safety + "\n(undo with: " + hints.vpo("library", "restore", safety) + ")")
        .jsonOnly("migrated_from_schema", r.migratedFrom())
        .jsonOnly("warnings", p.warnings())
        .textOnly("Took", Formats.duration(r.duration()));
  }
}
