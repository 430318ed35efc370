package vpo.library;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.fs.FreeSpace;

/** Reading a library's vital signs, checking it, and compacting it. */
public final class LibraryMaintenance {
  private static final Logger log = LoggerFactory.getLogger(LibraryMaintenance.class);

  private LibraryMaintenance() {}

  /** The figures {@code vpo library info} shows. */
  public static LibraryInfo info(Library library) {
    Path file = library.path();
    try {
      long pageSize = library.queryLong("PRAGMA page_size");
      long pageCount = library.queryLong("PRAGMA page_count");
      long freePages = library.queryLong("PRAGMA freelist_count");
      String journalMode = library.queryText("PRAGMA journal_mode");
      long db = Library.sizeOf(file);
      long wal = Library.sizeOf(Library.walOf(file));
      return new LibraryInfo(
          file,
          db,
          wal,
          db + wal,
          library.schemaVersion(),
          library.schemaVersion() <= LibrarySchema.CURRENT_VERSION,
          library.fileCount(),
          library.trackCount(),
          library.totalMediaBytes(),
          pageSize,
          pageCount,
          freePages,
          journalMode == null ? "unknown" : journalMode);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "reading library figures");
    }
  }

  /** Runs the full integrity and foreign-key checks. */
  public static VerifyReport verify(Library library) {
    Path file = library.path();
    List<String> integrity = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    long foreignCount = 0;
    try (Statement s = library.connection().createStatement()) {
      try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
        while (r.next()) {
          String line = r.getString(1);
          if (!"ok".equals(line)) {
            integrity.add(line);
          }
        }
      }
      try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
        while (r.next()) {
          if (++foreignCount <= VerifyReport.MAX_LINES) {
            foreign.add(
                r.getString(1)
                    + " row "
                    + r.getString(2)
                    + " refers to a missing row of "
                    + r.getString(3));
          }
        }
      }
    } catch (SQLException e) {
      if (SqliteErrors.isBusy(e)) {
        throw SqliteErrors.translate(e, file, "verifying");
      }
      integrity.add(e.getMessage());
    }
    VerifyReport report =
        new VerifyReport(file, List.copyOf(integrity), List.copyOf(foreign), foreignCount);
    log.atInfo()
        .addKeyValue("library", file)
        .addKeyValue("ok", report.ok())
        .addKeyValue("integrity_problems", integrity.size())
        .addKeyValue("foreign_key_problems", foreignCount)
        .log("verified library");
    return report;
  }

  /**
   * What optimizing would reclaim, changing nothing: the free pages, the write-ahead log (the
   * checkpoint after VACUUM truncates it), and the unused space inside table and index pages, which
   * VACUUM packs (counted in whole pages; overflow pages keep their unused tails). The unused space
   * comes from SQLite's {@code dbstat} table; without it the estimate is the other two alone.
   */
  public static OptimizeReport planOptimize(Library library) {
    LibraryInfo info = info(library);
    long freeBytes = info.freePages() * info.pageSize();
    long unused = unusedInPages(library, info.pageSize());
    long reclaim = freeBytes + Math.max(0, unused) + info.walBytes();
    long after = Math.max(0, info.sizeOnDiskBytes() - reclaim);
    return new OptimizeReport(
        library.path(),
        true,
        info.sizeOnDiskBytes(),
        after,
        info.freePages(),
        freeBytes,
        unused,
        info.walBytes());
  }

  /**
   * The bytes VACUUM would save by packing each table and index into as few pages as its contents
   * need (at least one page each; overflow pages are left out, as VACUUM keeps their unused tails);
   * -1 where this SQLite has no {@code dbstat} table.
   */
  private static long unusedInPages(Library library, long pageSize) {
    if (pageSize <= 0) {
      return 0;
    }
    try {
      long pages =
          library.queryLong(
              "SELECT coalesce(sum(pages - max(1, (used + "
                  + (pageSize - 1)
                  + ") / "
                  + pageSize
                  + ")), 0) FROM (SELECT count(*) AS pages, sum(pgsize - unused) AS used"
                  + " FROM dbstat WHERE pagetype <> 'overflow' GROUP BY name)");
      return Math.max(0, pages) * pageSize;
    } catch (SQLException e) {
      if (SqliteErrors.isBusy(e)) {
        throw SqliteErrors.translate(e, library.path(), "measuring unused space");
      }
      log.debug("cannot measure the unused space in pages of {}", library.path(), e);
      return -1;
    }
  }

  /**
   * VACUUM and ANALYZE, then folds the WAL back so the reclaimed space shows on disk. VACUUM writes
   * a whole new copy of the database beside it first, so the library's directory must have room for
   * twice its size on disk; otherwise nothing is started.
   */
  public static OptimizeReport optimize(Library library) {
    Path file = library.path();
    LibraryInfo before = info(library);
    try {
      FreeSpace.require(
          file.toAbsolutePath().getParent(),
          before.sizeOnDiskBytes() * 2,
          "optimizing the library");
    } catch (IOException e) {
      log.debug("cannot read free space for {}", file, e);
    }
    try (Statement s = library.connection().createStatement()) {
      s.execute("VACUUM");
      s.execute("ANALYZE");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "optimizing");
    }
    long after = Library.sizeOnDisk(file);
    OptimizeReport report =
        new OptimizeReport(
            file,
            false,
            before.sizeOnDiskBytes(),
            after,
            before.freePages(),
            before.freePages() * before.pageSize(),
            -1,
            before.walBytes());
    log.atInfo()
        .addKeyValue("library", file)
        .addKeyValue("size_before_bytes", report.sizeBeforeBytes())
        .addKeyValue("size_after_bytes", after)
        .log("optimized library");
    return report;
  }
}
