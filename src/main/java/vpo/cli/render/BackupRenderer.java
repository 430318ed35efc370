package vpo.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vpo.VpoException;
import vpo.backup.BackupPlan;
import vpo.backup.BackupResult;
import vpo.backup.LibraryBackup;
import vpo.catalog.Copier;
import vpo.location.LocationUnavailableException;

/** {@code vpo library backup}: the archive written (or why none was), or the plan. */
public final class BackupRenderer {
  private BackupRenderer() {}

  /**
   * A run: the backup, or that the library was unchanged; the copies; the prune. A failed copy
   * makes the run a failure (exit 7 when the location could not be reached), the backup kept.
   */
  public static Rendering outcome(LibraryBackup.Outcome o) {
    Rendering prune = o.pruned() == null ? null : PruneRenderer.nested(o.pruned());
    Fields f = o.skipped() ? unchanged(o) : result(o.written(), null);
    if (!o.copies().isEmpty()) {
      copies(f, o.copies());
    }
    f.nested("prune", prune);
    o.failedCopy()
        .ifPresent(
            c ->
                f.failure(
                    c.failure() instanceof LocationUnavailableException u
                        ? u
                        : new CopyFailedException(c)));
    return f;
  }

  /** A backup that was written, and the prune that followed it with {@code --prune}, if any. */
  public static Fields result(BackupResult r, Rendering prune) {
    Fields f =
        new Fields(11)
            .jsonOnly("success", true)
            .field("path", r.archive(), "Backup", orStandardOutput(r.archive()))
            .jsonOnly("archive_size_bytes", r.archiveSizeBytes())
            .field(
                "database_size_bytes",
                r.databaseSizeBytes(),
                "Database",
                Formats.size(r.databaseSizeBytes()))
            .textOnly(
                "Archive",
                Formats.size(r.archiveSizeBytes())
                    + String.format(Locale.ROOT, " (%.1f%% smaller)", r.compressionRatio() * 100)
                    + (r.encrypted() ? ", encrypted (age)" : ""))
            .jsonOnly("compression_ratio", r.compressionRatio())
            .field("file_count", r.fileCount(), "Files", Formats.count(r.fileCount()))
            .jsonOnly("schema_version", r.schemaVersion())
            .jsonOnly("created_at", Formats.isoTime(r.createdAt()))
            .jsonOnly("duration_seconds", Formats.seconds(r.duration()))
            .textOnly("Took", Formats.duration(r.duration()))
            .jsonOnly("sha256", r.sha256())
            .jsonOnly("database_sha256", r.databaseSha256())
            .jsonOnly("kind", r.kind().label());
    if (r.encrypted()) {
      f.jsonOnly("encrypted", true);
    }
    if (r.libraryId() != null) {
      f.jsonOnly("library_id", r.libraryId());
    }
    if (r.quickCheck() != null) {
      f.field(
          "quick_check",
          r.quickCheck(),
          "Warning",
          "the library is damaged (" + r.quickCheck() + "); archived anyway");
    }
    return f.nested("prune", prune);
  }

  /** {@code --if-changed} with nothing changed: no archive written. */
  private static Fields unchanged(LibraryBackup.Outcome o) {
    String newest = o.unchangedSince().path();
    return new Fields(11)
        .jsonOnly("success", true)
        .jsonOnly("skipped", true)
        .jsonOnly("reason", "unchanged")
        .jsonOnly("path", newest)
        .textLine("Unchanged since " + newest + ": no backup written")
        .jsonOnly("created_at", Formats.isoTime(o.unchangedSince().createdAt()));
  }

  /** Each copy: where it went, or why it did not. */
  private static void copies(Fields f, List<Copier.Outcome> copies) {
    List<Map<String, Object>> json = new ArrayList<>();
    for (Copier.Outcome c : copies) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", c.copy());
      m.put("ok", c.ok());
      m.put("skipped", c.skipped());
      m.put("sha256", c.sha256());
      m.put("error", c.error());
      json.add(m);
    }
    f.block(
        "copies",
        json,
        out -> {
          for (Copier.Outcome c : copies) {
            String what =
                c.skipped()
                    ? "already there"
                    : c.ok() ? Formats.size(c.sizeBytes()) : "FAILED: " + c.error();
            out.println(String.format("%-11s%s (%s)", "Copy:", c.copy(), what));
          }
        });
  }

  /** What a backup would write. */
  public static Rendering plan(BackupPlan p) {
    return new Fields(13)
        .jsonOnly("success", true)
        .jsonOnly("dry_run", true)
        .field(
            "path",
            p.archive(),
            "Would write",
            orStandardOutput(p.archive()) + (p.encrypted() ? " (encrypted)" : ""))
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

  private static String orStandardOutput(String archive) {
    return archive == null ? "standard output" : archive;
  }

  /** A copy failed for a reason other than the location being unreachable. */
  static final class CopyFailedException extends VpoException {
    CopyFailedException(Copier.Outcome c) {
      super(
          "copying " + c.name() + " to " + c.copy() + " failed: " + c.error(),
          "the archive where it was is untouched; try again with 'vpo library backups copy --to"
              + " LOCATION'");
    }
  }
}
