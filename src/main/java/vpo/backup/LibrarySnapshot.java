package vpo.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import vpo.fs.FreeSpace;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.LibraryLockedException;
import vpo.library.LibrarySchema;
import vpo.library.SqliteErrors;

/**
 * A consistent copy of a library taken while other processes may read and write it.
 *
 * <p>The copy is SQLite's online backup in a single step: one read transaction on the source for
 * the whole copy, so the result holds exactly one committed state. In WAL mode readers never block
 * writers, so a running VPO daemon keeps committing meanwhile. (With the default of a few pages per
 * step, every commit by another connection restarts the copy, which under a steady writer never
 * ends.) The copy is then switched to the DELETE journal mode, so it is one self-contained file
 * that never needs a {@code -wal}.
 */
public final class LibrarySnapshot implements AutoCloseable {
  private final Path file;
  private final long sizeBytes;
  private final int schemaVersion;
  private final long fileCount;
  private final long totalLibraryBytes;

  private LibrarySnapshot(
      Path file, long sizeBytes, int schemaVersion, long fileCount, long totalLibraryBytes) {
    this.file = file;
    this.sizeBytes = sizeBytes;
    this.schemaVersion = schemaVersion;
    this.fileCount = fileCount;
    this.totalLibraryBytes = totalLibraryBytes;
  }

  /** Copies the library open in {@code source} to a new temp file in {@code dir}. */
  public static LibrarySnapshot take(Library source, Path dir) {
    Path target = TempFiles.allocate(dir, "snapshot.db");
    try {
      copy(source, target);
      return describe(target, source.path());
    } catch (SQLException e) {
      TempFiles.delete(target);
      throw SqliteErrors.translate(e, source.path(), "taking the snapshot");
    } catch (RuntimeException e) {
      TempFiles.delete(target);
      throw e;
    }
  }

  /**
   * Copies the bytes of a library file that nobody can be writing: one in rollback mode with no
   * journal, held under a {@link vpo.library.LibraryGuard}. No SQLite connection touches {@code db}
   * itself, so the guard's locks stay intact.
   */
  public static LibrarySnapshot copyOfQuiescent(Path db, Path dir) {
    Path target = TempFiles.allocate(dir, "snapshot.db");
    try {
      Files.copy(db, target);
      return describe(target, db);
    } catch (java.io.IOException e) {
      TempFiles.delete(target);
      if (FreeSpace.isDiskFull(e)) {
        throw FreeSpace.diskFull(dir, e);
      }
      throw new java.io.UncheckedIOException(e);
    } catch (RuntimeException e) {
      TempFiles.delete(target);
      throw e;
    }
  }

  /**
   * Switches the copy to rollback mode and reads its figures. The figures come from the copy, so
   * they describe exactly the state archived. A damaged copy still yields what can be read; its
   * damage is for {@link #quickCheck} to report.
   */
  private static LibrarySnapshot describe(Path copy, Path source) {
    try (Connection c = Library.rawConnection(copy)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=DELETE");
      }
      Integer version = LibrarySchema.readVersion(c);
      if (version == null) {
        throw new vpo.library.LibraryException(
            source + " is not a VPO library (it has no schema version in _meta)",
            "check --db, VPO_DATABASE_PATH or database_path in the config");
      }
      long files = queryLongOrZero(c, "SELECT COUNT(*) FROM files");
      long bytes = queryLongOrZero(c, "SELECT COALESCE(SUM(size_bytes), 0) FROM files");
      c.close();
      return new LibrarySnapshot(copy, Files.size(copy), version, files, bytes);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, source, "reading the snapshot");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long queryLongOrZero(Connection c, String sql) {
    try {
      return queryLong(c, sql);
    } catch (SQLException e) {
      return 0;
    }
  }

  private static void copy(Library source, Path target) throws SQLException {
    SQLiteConnection conn = source.connection().unwrap(SQLiteConnection.class);
    // One step (-1 pages) copies everything under one read lock: one committed state.
    // Retries cover a writer holding the lock in rollback-journal mode; each waits the busy
    // timeout first, so the total stays bounded.
    int rc =
        conn.getDatabase().backup("main", target.toAbsolutePath().toString(), null, 100, 3, -1);
    if (rc != SQLiteErrorCode.SQLITE_OK.code) {
      int primary = rc & 0xff;
      if (primary == SQLiteErrorCode.SQLITE_BUSY.code
          || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
        throw new LibraryLockedException(
            "library "
                + source.path()
                + " is locked by another process and could not be read within "
                + Library.BUSY_TIMEOUT_MS / 1000
                + " s",
            "wait for the other process to finish its write, or stop it, and try again",
            null);
      }
      throw new SQLException("backup failed with SQLite result code " + rc, null, rc);
    }
  }

  /**
   * Runs {@code PRAGMA quick_check} on the snapshot. Returns the problems, one per line, empty when
   * it passes. SQLite may report many problems in one row, under a {@code *** in database main ***}
   * heading; that heading is not a problem, so the first element is the first real one.
   */
  public List<String> quickCheck() {
    List<String> problems = new ArrayList<>();
    try (Connection c = Library.connect(file, true);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA quick_check")) {
      while (r.next()) {
        String row = r.getString(1);
        if (row == null || "ok".equals(row)) {
          continue;
        }
        row.lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("*** in database"))
            .forEach(problems::add);
      }
    } catch (SQLException e) {
      problems.add(e.getMessage());
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  private static long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  public Path file() {
    return file;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public long fileCount() {
    return fileCount;
  }

  public long totalLibraryBytes() {
    return totalLibraryBytes;
  }

  /** Deletes the copy. */
  @Override
  public void close() {
    TempFiles.delete(file);
  }
}
