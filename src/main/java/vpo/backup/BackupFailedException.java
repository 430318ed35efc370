package vpo.backup;

import vpo.VpoException;

/** Writing a backup failed for a reason other than the library, the space or the name. */
public final class BackupFailedException extends VpoException {
  public BackupFailedException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
