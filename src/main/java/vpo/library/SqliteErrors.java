package vpo.library;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import vpo.VpoException;
import vpo.fs.FreeSpace;

/** Turns SQLite's result codes into the domain's failures, naming the file concerned. */
public final class SqliteErrors {
  private SqliteErrors() {}

  /** The primary result code of {@code e}, or -1 when it did not come from SQLite. */
  public static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException s) {
      return s.getResultCode().code & 0xff;
    }
    return e.getErrorCode() & 0xff;
  }

  public static boolean isBusy(SQLException e) {
    int code = primaryCode(e);
    return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
  }

  /** A user-facing failure for {@code e}, which happened while {@code doing} on {@code file}. */
  public static VpoException translate(SQLException e, Path file, String doing) {
    int code = primaryCode(e);
    if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return new LibraryLockedException(
          "library " + file + " is locked by another process (" + doing + ")",
          "wait for the other process to finish, or stop it, and try again",
          e);
    }
    if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
      return new LibraryDamagedException(
          "library is damaged: " + file + " is not a valid SQLite database (" + doing + ")",
          "run 'vpo library verify', or restore a backup with 'vpo library restore'",
          e);
    }
    if (code == SQLiteErrorCode.SQLITE_FULL.code || FreeSpace.isDiskFull(e)) {
      return FreeSpace.diskFull(file.toAbsolutePath().getParent(), e);
    }
    if (code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
      return new LibraryException(
          "cannot open library " + file + " (" + doing + ")",
          "check that the file and its directory exist and are readable and writable",
          e);
    }
    if (code == SQLiteErrorCode.SQLITE_READONLY.code || code == SQLiteErrorCode.SQLITE_PERM.code) {
      return new LibraryException(
          "library " + file + " is read-only (" + doing + ")",
          "check the permissions of the file and its directory",
          e);
    }
    return new LibraryException(
        "SQLite failed while " + doing + " on " + file + ": " + e.getMessage(), null, e);
  }
}
