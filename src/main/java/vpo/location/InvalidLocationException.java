package vpo.location;

import vpo.VpoException;

/**
 * A location, or the settings needed to reach it, is malformed: not a valid {@code s3://} URL, an
 * invalid bucket name, credentials written into the URL, an endpoint that is not a URL. The message
 * never repeats a secret.
 */
public final class InvalidLocationException extends VpoException {
  public InvalidLocationException(String message, String hint) {
    super(message, hint);
  }
}
