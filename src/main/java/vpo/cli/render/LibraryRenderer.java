package vpo.cli.render;

import java.time.Duration;
import java.time.Instant;
import vpo.catalog.BackupEntry;
import vpo.library.LibraryDamagedException;
import vpo.library.LibraryInfo;
import vpo.library.OptimizeReport;
import vpo.library.VerifyReport;

/** {@code vpo library info}, {@code verify} and {@code optimize}. */
public final class LibraryRenderer {
  /** Problem lines shown in text; JSON has them all (up to {@link VerifyReport#MAX_LINES}). */
  private static final int SHOWN = 20;

  private LibraryRenderer() {}

  /** The library's figures, and its newest backup (or null) as of {@code now}. */
  public static Rendering info(LibraryInfo info, BackupEntry newest, Instant now, Hints hints) {
    return new Fields(16)
        .field("path", info.path().toString(), "Library", info.path().toString())
        .field(
            "size_bytes",
            info.sizeOnDiskBytes(),
            "Size on disk",
            Formats.size(info.sizeOnDiskBytes())
                + (info.walBytes() > 0 ? " (WAL " + Formats.size(info.walBytes()) + ")" : ""))
        .jsonOnly("database_size_bytes", info.databaseBytes())
        .jsonOnly("wal_size_bytes", info.walBytes())
        .field(
            "schema_version",
            info.schemaVersion(),
            "Schema",
            info.schemaVersion()
                + (info.schemaSupported() ? "" : " (newer than this vpo: read-only)"))
        .jsonOnly("schema_supported", info.schemaSupported())
        .field("file_count", info.fileCount(), "Files", Formats.count(info.fileCount()))
        .field("track_count", info.trackCount(), "Tracks", Formats.count(info.trackCount()))
        .field(
            "total_media_size_bytes",
            info.totalMediaBytes(),
            "Media size",
            Formats.size(info.totalMediaBytes()))
        .jsonOnly("page_size", info.pageSize())
        .field(
            "page_count",
            info.pageCount(),
            "Pages",
            Formats.count(info.pageCount())
                + " of "
                + Formats.size(info.pageSize())
                + ", "
                + Formats.count(info.freePages())
                + " free")
        .jsonOnly("free_pages", info.freePages())
        .field("journal_mode", info.journalMode(), "Journal mode", info.journalMode())
        .field(
            "newest_backup",
            newest == null ? null : newest.path(),
            "Newest backup",
            newest == null
                ? "none (make one with: " + hints.vpo("library", "backup") + ")"
                : newest.filename() + " (" + Formats.age(newest.createdAt(), now) + ")")
        .jsonOnly(
            "newest_backup_created_at", newest == null ? null : Formats.isoTime(newest.createdAt()))
        .jsonOnly(
            "newest_backup_age_seconds",
            newest == null
                ? null
                : Math.max(0, Duration.between(newest.createdAt(), now).getSeconds()));
  }

  /** The integrity and foreign-key checks; a failure when either found anything. */
  public static Rendering verify(VerifyReport report) {
    Fields f =
        new Fields(14)
            .jsonOnly("success", report.ok())
            .field("path", report.path().toString(), "Library", report.path().toString())
            .jsonOnly("integrity_ok", report.integrityProblems().isEmpty())
            .jsonOnly("foreign_keys_ok", report.foreignKeyProblemCount() == 0)
            .field(
                "integrity_problems",
                report.integrityProblems(),
                "Integrity",
                summary(report.integrityProblems().size()))
            .jsonOnly("foreign_key_problems", report.foreignKeyProblems())
            .field(
                "foreign_key_problem_count",
                report.foreignKeyProblemCount(),
                "Foreign keys",
                summary(report.foreignKeyProblemCount()));
    report.integrityProblems().stream().limit(SHOWN).forEach(l -> f.textLine("  " + l));
    report.foreignKeyProblems().stream().limit(SHOWN).forEach(l -> f.textLine("  " + l));
    if (!report.ok()) {
      f.failure(
          new LibraryDamagedException(
              "library is damaged",
              "restore a backup with 'vpo library restore', or repair it with sqlite3's .recover",
              null));
    }
    return f;
  }

  /** A dry run's estimate and what it is made of; says so when it is only a lower bound. */
  private static String estimate(OptimizeReport report) {
    String parts =
        Formats.count(report.freePagesBefore())
            + (report.freePagesBefore() == 1 ? " free page (" : " free pages (")
            + Formats.size(report.freePageBytes())
            + ")"
            + (report.estimateComplete()
                ? ", unused space inside pages (" + Formats.size(report.unusedInPagesBytes()) + ")"
                : "")
            + ", the write-ahead log ("
            + Formats.size(report.walBytes())
            + ")";
    return report.estimateComplete()
        ? "about " + Formats.size(report.reclaimedBytes()) + ": " + parts
        : "at least "
            + Formats.size(report.reclaimedBytes())
            + ": "
            + parts
            + "; the unused space inside pages cannot be measured here";
  }

  private static String summary(long problems) {
    return problems == 0 ? "ok" : Formats.count(problems) + " problem" + (problems == 1 ? "" : "s");
  }

  /** What optimizing reclaimed, or with {@code --dry-run} would reclaim. */
  public static Rendering optimize(OptimizeReport report) {
    return new Fields(13)
        .jsonOnly("success", true)
        .jsonOnly("dry_run", report.dryRun())
        .field("path", report.path().toString(), "Library", report.path().toString())
        .field(
            "size_before_bytes",
            report.sizeBeforeBytes(),
            "Size before",
            Formats.size(report.sizeBeforeBytes()))
        .jsonOnly("size_after_bytes", report.sizeAfterBytes())
        .field(
            "reclaimed_bytes",
            report.reclaimedBytes(),
            report.dryRun() ? "Would free" : "Reclaimed",
            report.dryRun() ? estimate(report) : Formats.size(report.reclaimedBytes()))
        .jsonOnly("free_pages_before", report.freePagesBefore())
        .jsonOnly("free_page_bytes", report.freePageBytes())
        .jsonOnly("wal_bytes", report.walBytes())
        .jsonOnly(
            "unused_in_pages_bytes", report.estimateComplete() ? report.unusedInPagesBytes() : null)
        .textOnly("Size after", report.dryRun() ? null : Formats.size(report.sizeAfterBytes()));
  }
}
