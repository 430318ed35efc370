package vpo.library;

/** The library file is not a healthy SQLite database. */
public final class LibraryDamagedException extends LibraryException {
  public LibraryDamagedException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
