package vpo.library;

import vpo.VpoException;

/** A library cannot be used for a reason the user can act on. */
public class LibraryException extends VpoException {
  public LibraryException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  public LibraryException(String message, String hint) {
    super(message, hint);
  }
}
