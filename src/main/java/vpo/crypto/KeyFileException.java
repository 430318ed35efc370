package vpo.crypto;

import vpo.VpoException;

/**
 * An identity (secret key) file or a recipients file that cannot be used: missing, unreadable,
 * malformed, of a kind vpo does not read, or, when generating a key, already there. Messages name
 * the file and, for a malformed file, the line; they never contain a secret key.
 */
public class KeyFileException extends VpoException {
  KeyFileException(String message, String hint) {
    super(message, hint);
  }

  KeyFileException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
