package vpo.restore;

import vpo.VpoException;

/** A restore could not go ahead for a reason other than the archive, the library or the space. */
public final class RestoreFailedException extends VpoException {
  public RestoreFailedException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  public RestoreFailedException(String message, String hint) {
    super(message, hint);
  }
}
