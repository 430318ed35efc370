package vpo.library;

/** Another process holds the library, and the work cannot proceed without it. */
public final class LibraryLockedException extends LibraryException {
  public LibraryLockedException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
