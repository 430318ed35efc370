package vpo.cli.render;

import java.nio.file.Path;
import java.util.Locale;
import vpo.backup.BackupPlan;
import vpo.backup.BackupResult;

/** {@code vpo library backup}: the archive written, or with {@code --dry-run} the plan. */
public final class BackupRenderer {
  private BackupRenderer() {}

  /** A backup that was written, and the prune that followed it with {@code --prune}, if any. */
  public static Rendering result(BackupResult r, Rendering prune) {
    Fields f =
        new Fields(11)
            .jsonOnly("success", true)
            .field("path", pathOrNull(r.path()), "Backup", orStandardOutput(r.path()))
            .jsonOnly("archive_size_bytes", r.archiveSizeBytes())
            .field(
                "database_size_bytes",
                r.databaseSizeBytes(),
                "Database",
                Formats.size(r.databaseSizeBytes()))
            .textOnly(
                "Archive",
                Formats.size(r.archiveSizeBytes())
                    + String.format(Locale.ROOT, " (%.1f%% smaller)", r.compressionRatio() * 100))
            .jsonOnly("compression_ratio", r.compressionRatio())
            .field("file_count", r.fileCount(), "Files", Formats.count(r.fileCount()))
            .jsonOnly("schema_version", r.schemaVersion())
            .jsonOnly("created_at", Formats.isoTime(r.createdAt()))
            .jsonOnly("duration_seconds", Formats.seconds(r.duration()))
            .textOnly("Took", Formats.duration(r.duration()))
            .jsonOnly("sha256", r.sha256())
            .jsonOnly("database_sha256", r.databaseSha256())
            .jsonOnly("kind", r.kind().label());
    if (r.quickCheck() != null) {
      f.field(
          "quick_check",
          r.quickCheck(),
          "Warning",
          "the library is damaged (" + r.quickCheck() + "); archived anyway");
    }
    return f.nested("prune", prune);
  }

  /** What a backup would write. */
  public static Rendering plan(BackupPlan p) {
    return new Fields(13)
        .jsonOnly("success", true)
        .jsonOnly("dry_run", true)
        .field("path", pathOrNull(p.path()), "Would write", orStandardOutput(p.path()))
        .field(
            "database_size_bytes",
            p.databaseSizeBytes(),
            "Database",
            Formats.size(p.databaseSizeBytes()))
        .field(
            "estimated_archive_min_bytes",
            p.estimatedArchiveMinBytes(),
            "Archive",
            "about "
                + Formats.size(p.estimatedArchiveMinBytes())
                + " to "
                + Formats.size(p.estimatedArchiveMaxBytes()))
        .jsonOnly("estimated_archive_max_bytes", p.estimatedArchiveMaxBytes())
        .field("file_count", p.fileCount(), "Files", Formats.count(p.fileCount()))
        .field("schema_version", p.schemaVersion(), "Schema", Integer.toString(p.schemaVersion()))
        .field(
            "free_bytes",
            p.freeBytes(),
            "Free there",
            p.freeBytes() >= 0 ? Formats.size(p.freeBytes()) : null)
        .textLine("Nothing was written (--dry-run).");
  }

  static String pathOrNull(Path p) {
    return p == null ? null : p.toString();
  }

  private static String orStandardOutput(Path p) {
    return p == null ? "standard output" : p.toString();
  }
}
