package vpo.home;

import vpo.VpoException;

/** vpo's data directory, or something in it, cannot be created. */
public final class DataDirectoryException extends VpoException {
  public DataDirectoryException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
