package vpo.library;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * Two libraries read through one strictly read-only SQLite connection (the second attached), left
 * exactly as they were found: nothing is written to either database, and no {@code -wal} or {@code
 * -shm} that was not there before is left beside them.
 *
 * <p>A read-only connection to a WAL library creates the {@code -wal} and {@code -shm} it needs (or
 * just the {@code -shm}, beside a {@code -wal} a crashed writer left) and, unlike the last
 * read-write connection, cannot remove them when it closes. So the side files present before
 * opening are noted, and after closing, the ones this connection created are removed, but only
 * while SQLite's own locks prove that no other process has the library open (the locks {@link
 * LibraryGuard} takes): a {@code -wal} only when empty, a {@code -shm} always (SQLite rebuilds it
 * from the {@code -wal} when the next connection opens). If the process is interrupted (Ctrl-C), a
 * shutdown hook stops the running statement and waits for the same cleanup.
 *
 * <p>POSIX locks belong to the process: no other connection of this process may have either file
 * open meanwhile, since releasing the cleanup's locks would release that connection's too.
 */
// Stand-in: once vpo.library has its one way of opening a library with named modes, this is that
// opening's "strictly read-only" mode plus LibraryGuard.removeUnusedSideFiles, extended to remove
// a -shm created beside a -wal with content.
final class ReadOnlyLibraries implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadOnlyLibraries.class);

  /** As the Python VPO's {@code busy_timeout}; see {@code Library.BUSY_TIMEOUT_MS}. */
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private static final long PENDING_BYTE = 0x40000000L;
  private static final long DB_LOCK_SPAN = 512;
  private static final long SHM_LOCKS = 120;
  private static final long SHM_LOCK_SPAN = 9;

  /** What was beside a library before it was opened. */
  private record SideFiles(Path db, boolean hadWal, boolean hadShm) {
    static SideFiles of(Path db) {
      return new SideFiles(db, Files.exists(wal(db)), Files.exists(shm(db)));
    }
  }

  private final Connection connection;
  private final List<SideFiles> found;
  private final Thread shutdownHook;
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private boolean closed;
  private volatile boolean interrupted;

  private ReadOnlyLibraries(Connection connection, List<SideFiles> found) {
    this.connection = connection;
    this.found = found;
    this.shutdownHook = new Thread(this::interruptAndWait, "vpo-diff-cleanup");
  }

  /**
   * Opens {@code main} read-only and attaches {@code attached} as schema {@code alias} (also
   * read-only: attached databases take the connection's flags). Each schema's page cache is limited
   * to {@code cacheKib} KiB, temporary tables live in (bounded) pages spilled to SQLite's temp
   * files rather than memory, and nothing is memory-mapped, so memory stays bounded however large
   * the files.
   */
  static ReadOnlyLibraries open(Path main, Path attached, String alias, int cacheKib) {
    List<SideFiles> found = new ArrayList<>(List.of(SideFiles.of(main)));
    if (!attached.toAbsolutePath().normalize().equals(main.toAbsolutePath().normalize())) {
      found.add(SideFiles.of(attached));
    }
    Connection c;
    try {
      c = connect(main);
    } catch (SQLException e) {
      removeCreatedSideFiles(found);
      throw LibraryDiff.failure(e, main, "opening it read-only");
    }
    ReadOnlyLibraries libraries = new ReadOnlyLibraries(c, found);
    try {
      Runtime.getRuntime().addShutdownHook(libraries.shutdownHook);
    } catch (IllegalStateException e) {
      libraries.close();
      throw new LibraryDiffException("cannot compare libraries: vpo is shutting down", null, e);
    }
    try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS " + quote(alias))) {
      attach.setString(1, attached.toAbsolutePath().toString());
      attach.execute();
    } catch (SQLException e) {
      libraries.close();
      throw LibraryDiff.failure(e, attached, "opening it read-only");
    }
    try (Statement s = c.createStatement()) {
      // query_only makes any write an error even if a mode flag were lost on the way.
      s.execute("PRAGMA query_only = ON");
      s.execute("PRAGMA temp_store = FILE");
      for (String schema : List.of("main", quote(alias), "temp")) {
        s.execute("PRAGMA " + schema + ".cache_size = -" + cacheKib);
      }
      for (String schema : List.of("main", quote(alias))) {
        // Mapped pages would count in the process's resident memory.
        s.execute("PRAGMA " + schema + ".mmap_size = 0");
      }
    } catch (SQLException e) {
      libraries.close();
      throw LibraryDiff.failure(e, main, "configuring the connection");
    }
    return libraries;
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.resetOpenMode(SQLiteOpenMode.READWRITE);
    config.setOpenMode(SQLiteOpenMode.READONLY);
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  Connection connection() {
    return connection;
  }

  /** Whether a shutdown (Ctrl-C) asked the work to stop. */
  boolean interrupted() {
    return interrupted;
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the comparison's connection failed", e);
      }
    }
    try {
      removeCreatedSideFiles(found);
    } finally {
      cleanedUp.countDown();
      if (!interrupted) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // Shutting down already: the hook is waiting for the cleanup just done.
        }
      }
    }
  }

  /** On Ctrl-C: stops the running statement, then waits for {@link #close}'s cleanup. */
  private void interruptAndWait() {
    interrupted = true;
    synchronized (lifecycle) {
      if (!closed) {
        try {
          connection.unwrap(SQLiteConnection.class).getDatabase().interrupt();
        } catch (SQLException e) {
          log.debug("interrupting the comparison failed", e);
        }
      }
    }
    try {
      cleanedUp.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeCreatedSideFiles(List<SideFiles> found) {
    for (SideFiles before : found) {
      if (!before.hadWal() || !before.hadShm()) {
        removeCreatedSideFiles(before);
      }
    }
  }

  private static void removeCreatedSideFiles(SideFiles before) {
    Path db = before.db();
    Path wal = wal(db);
    Path shm = shm(db);
    boolean newWal = !before.hadWal() && Files.exists(wal);
    boolean newShm = !before.hadShm() && Files.exists(shm);
    if (!newWal && !newShm) {
      return;
    }
    List<FileChannel> held = new ArrayList<>();
    try {
      // Under these locks no connection has the library open, and none can take the shared lock
      // it needs before using the -wal and -shm, so none holds the files being removed.
      if (!lock(held, db, PENDING_BYTE, DB_LOCK_SPAN)
          || !lock(held, shm, SHM_LOCKS, SHM_LOCK_SPAN)) {
        return;
      }
      long walSize = Files.exists(wal) ? Files.size(wal) : 0;
      if (newWal && walSize == 0) {
        Files.deleteIfExists(wal);
      }
      // A -wal with content that appeared meanwhile is another process's, and so is its -shm.
      if (newShm && (before.hadWal() || walSize == 0)) {
        Files.deleteIfExists(shm);
      }
    } catch (IOException e) {
      log.debug("could not remove side files of {}: {}", db, e.toString());
    } finally {
      for (FileChannel ch : held) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // Closing releases the lock; nothing more to do.
        }
      }
    }
  }

  /** Takes an exclusive lock on {@code span} bytes of {@code file}; false if anyone holds one. */
  private static boolean lock(List<FileChannel> held, Path file, long from, long span)
      throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return true;
    }
    held.add(ch);
    try {
      FileLock lock = ch.tryLock(from, span, false);
      return lock != null;
    } catch (OverlappingFileLockException e) {
      return false;
    }
  }

  static Path wal(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  static Path shm(Path db) {
    return db.resolveSibling(db.getFileName() + "-shm");
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
