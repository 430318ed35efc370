package vpo.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
      String journalMode;
      try (Statement s = library.connection().createStatement();
          ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
        journalMode = r.next() ? r.getString(1) : "unknown";
      }
      boolean supported = library.schemaVersion() <= LibrarySchema.CURRENT_VERSION;
      long files = library.queryLong("SELECT COUNT(*) FROM files");
      long tracks = library.queryLong("SELECT COUNT(*) FROM tracks");
      long media = library.queryLong("SELECT COALESCE(SUM(size_bytes), 0) FROM files");
      long db = sizeOf(file);
      long wal = sizeOf(walOf(file));
      return new LibraryInfo(
          file,
          db,
          wal,
          db + wal,
          library.schemaVersion(),
          supported,
          files,
          tracks,
          media,
          pageSize,
          pageCount,
          freePages,
          journalMode);
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

  /** What optimizing would reclaim, changing nothing. */
  public static OptimizeReport planOptimize(Library library) {
    LibraryInfo info = info(library);
    long after = Math.max(0, info.databaseBytes() - info.freePages() * info.pageSize());
    return new OptimizeReport(
        library.path(), true, info.sizeOnDiskBytes(), after, info.freePages());
  }

  /** VACUUM and ANALYZE, then folds the WAL back so the reclaimed space shows on disk. */
  public static OptimizeReport optimize(Library library) {
    Path file = library.path();
    LibraryInfo before = info(library);
    try (Statement s = library.connection().createStatement()) {
      s.execute("VACUUM");
      s.execute("ANALYZE");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "optimizing");
    }
    long after = sizeOnDisk(file);
    OptimizeReport report =
        new OptimizeReport(file, false, before.sizeOnDiskBytes(), after, before.freePages());
    log.atInfo()
        .addKeyValue("library", file)
        .addKeyValue("size_before_bytes", report.sizeBeforeBytes())
        .addKeyValue("size_after_bytes", after)
        .log("optimized library");
    return report;
  }

  /** The write-ahead log beside {@code db}. */
  public static Path walOf(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  /** The shared-memory index beside {@code db}. */
  public static Path shmOf(Path db) {
    return db.resolveSibling(db.getFileName() + "-shm");
  }

  /** The library's size on disk: the database file plus its write-ahead log. */
  public static long sizeOnDisk(Path db) {
    return sizeOf(db) + sizeOf(walOf(db));
  }

  static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
