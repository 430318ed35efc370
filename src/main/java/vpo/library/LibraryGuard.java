package vpo.library;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import vpo.fs.PrivateFiles;

/**
 * Proof that no other process has a library open, held for as long as the guard is: the locks
 * SQLite itself uses, taken exclusively.
 *
 * <p>SQLite on Unix locks with POSIX record locks ({@code fcntl}), as Java's {@link FileLock} does,
 * so the two see each other across processes:
 *
 * <ul>
 *   <li>In the database file, bytes {@code 0x40000000} to {@code +512} (pending, reserved and the
 *       shared range): any reader or writer in rollback-journal mode holds one of them.
 *   <li>In the {@code -shm} file, byte 128 (the "DMS" byte): every connection that has a WAL
 *       library open holds a shared lock on it for as long as it is open, even when idle; bytes
 *       120-127 are the WAL's reader and writer locks.
 * </ul>
 *
 * <p>While the guard holds these exclusively, a process that tries to open the library waits in its
 * busy handler. Limits: an idle connection in rollback-journal mode holds no lock and cannot be
 * seen (VPO always uses WAL); network file systems may not honour the locks; and POSIX locks belong
 * to the process, so no SQLite connection of this process may have the file open while a guard
 * exists (closing either would drop the other's locks).
 */
public final class LibraryGuard implements AutoCloseable {
  static final long PENDING_BYTE = 0x40000000L;
  static final long DB_LOCK_SPAN = 512;
  static final long SHM_LOCKS = 120;
  static final long SHM_LOCK_SPAN = 9;
  private static final long COPY_STEP = 8L << 20;

  private final List<FileChannel> channels;

  /** The descriptor holding the locks in the database file, or null when there is no file. */
  private final FileChannel database;

  private LibraryGuard(List<FileChannel> channels, FileChannel database) {
    this.channels = channels;
    this.database = database;
  }

  /**
   * Takes the guard on {@code db}, or throws {@link LibraryLockedException} naming what holds it. A
   * missing file needs no guard and yields an empty one.
   */
  public static LibraryGuard acquire(Path db) {
    List<FileChannel> held = new ArrayList<>();
    try {
      FileChannel database = lock(held, db, PENDING_BYTE, DB_LOCK_SPAN, "the library");
      lock(held, Library.shmOf(db), SHM_LOCKS, SHM_LOCK_SPAN, "the library's WAL index");
      return new LibraryGuard(held, database);
    } catch (RuntimeException e) {
      closeAll(held);
      throw e;
    }
  }

  /** Throws {@link LibraryLockedException} if another process has {@code db} open now. */
  public static void checkNotInUse(Path db) {
    acquire(db).close();
  }

  /** Locks {@code span} bytes of {@code file} from {@code from}; returns its channel, or null. */
  private static FileChannel lock(
      List<FileChannel> held, Path file, long from, long span, String what) {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new LibraryException(
          "cannot open " + file + " to check whether it is in use: " + e.getMessage(),
          "check the file's permissions",
          e);
    }
    held.add(ch);
    FileLock lock;
    try {
      lock = ch.tryLock(from, span, false);
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new LibraryLockedException(
          "library " + file.getFileName() + " is in use: another process has " + what + " open",
          "stop the VPO daemon or other program using " + file + " and try again",
          null);
    }
    return ch;
  }

  /**
   * Copies the guarded library's bytes to {@code target}, created private and never replacing a
   * file, and flushes the copy; {@code copied} hears each step. Reads through the guard's own
   * descriptor: opening and closing another one on the library would drop this process's locks on
   * it, which belong to the process and the file, not to a descriptor.
   */
  public void copyTo(Path target, LongConsumer copied) throws IOException {
    if (database == null) {
      throw new NoSuchFileException("the guarded library does not exist");
    }
    try (FileChannel out =
        FileChannel.open(
            target,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PrivateFiles.fileAttributes())) {
      long size = database.size();
      for (long done = 0; done < size; ) {
        long n = database.transferTo(done, Math.min(COPY_STEP, size - done), out);
        if (n <= 0) {
          throw new IOException("the library became shorter while it was copied");
        }
        done += n;
        copied.accept(n);
      }
      out.force(true);
    }
  }

  private static void closeAll(List<FileChannel> channels) {
    for (FileChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing releases the locks; nothing more to do.
      }
    }
  }

  /**
   * Removes {@code db}'s {@code -wal} and {@code -shm} if no process has the library open and the
   * {@code -wal} is empty, as SQLite's last read-write connection does when it closes. Leaves them
   * if the library is in use or anything is pending; never fails.
   */
  public static void removeUnusedSideFiles(Path db) {
    Path wal = Library.walOf(db);
    Path shm = Library.shmOf(db);
    if (!Files.exists(wal) && !Files.exists(shm)) {
      return;
    }
    // Under the guard no connection exists, and none can take the shared lock it needs before
    // opening the -wal and -shm, so none can be holding the files being removed.
    try (LibraryGuard guard = acquire(db)) {
      if (!hasPendingJournal(db)) {
        Files.deleteIfExists(wal);
        Files.deleteIfExists(shm);
      }
    } catch (LibraryException | IOException e) {
      // In use, or not ours to touch: SQLite removes them with its last connection.
    }
  }

  /** What was beside a library before a read-only connection opened it. */
  record SideFiles(Path db, boolean hadWal, boolean hadShm) {
    static SideFiles of(Path db) {
      return new SideFiles(db, Files.exists(Library.walOf(db)), Files.exists(Library.shmOf(db)));
    }
  }

  /**
   * Removes the {@code -wal} and {@code -shm} that a read-only connection, now closed, created
   * beside a library, which unlike the last read-write connection it cannot remove itself: the
   * {@code -wal} only when empty, the {@code -shm} unless a {@code -wal} with content appeared
   * meanwhile (another process's; SQLite rebuilds a {@code -shm} from the {@code -wal} anyway).
   * Only while the guard proves nobody else has the library open; never fails.
   */
  static void removeCreated(SideFiles before) {
    Path db = before.db();
    Path wal = Library.walOf(db);
    Path shm = Library.shmOf(db);
    boolean newWal = !before.hadWal() && Files.exists(wal);
    boolean newShm = !before.hadShm() && Files.exists(shm);
    if (!newWal && !newShm) {
      return;
    }
    // Under the guard no connection has the library open, and none can take the shared lock it
    // needs before using the -wal and -shm, so none holds the files being removed.
    try (LibraryGuard guard = acquire(db)) {
      long walSize = Files.exists(wal) ? Files.size(wal) : 0;
      if (newWal && walSize == 0) {
        Files.deleteIfExists(wal);
      }
      if (newShm && (before.hadWal() || walSize == 0)) {
        Files.deleteIfExists(shm);
      }
    } catch (LibraryException | IOException e) {
      // In use, or not ours to touch: SQLite removes them with its last connection.
    }
  }

  /** Whether {@code db} has a write-ahead log with content, or a rollback journal, beside it. */
  public static boolean hasPendingJournal(Path db) {
    try {
      Path wal = Library.walOf(db);
      Path journal = Library.journalOf(db);
      return (Files.exists(wal) && Files.size(wal) > 0) || Files.exists(journal);
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    closeAll(channels);
  }
}
