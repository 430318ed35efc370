package vpo.library;

import vpo.VpoException;

/** Two libraries could not be compared: one is missing, unreadable, or not a VPO library. */
public class LibraryDiffException extends VpoException {
  public LibraryDiffException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
