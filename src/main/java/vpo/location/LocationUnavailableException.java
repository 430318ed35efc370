package vpo.location;

import vpo.VpoException;

/**
 * A backup location could not be reached or refused the request: the network, the credentials, a
 * missing bucket, a denied permission. The message names the location and never a secret.
 */
public final class LocationUnavailableException extends VpoException {
  /** What went wrong, for tests and for messages that need to tell the cases apart. */
  public enum Reason {
    /** No connection to the store: refused, unknown host, TLS failure, network down. */
    CANNOT_CONNECT,
    /** The store did not answer in time, after retries. */
    TIMEOUT,
    /** No credentials were found anywhere. */
    NO_CREDENTIALS,
    /** The store does not accept the credentials (unknown key, wrong secret, expired token). */
    WRONG_CREDENTIALS,
    /** The bucket does not exist. */
    NO_BUCKET,
    /** The credentials lack the permission for the request. */
    ACCESS_DENIED,
    /** The store failed the request for another reason (server errors after retries, ...). */
    STORE_ERROR
  }

  private final Reason reason;
  private final String location;

  public LocationUnavailableException(
      Reason reason, String location, String message, String hint, Throwable cause) {
    super(message, hint, cause);
    this.reason = reason;
    this.location = location;
  }

  public Reason reason() {
    return reason;
  }

  /** The location as the user names it, e.g. {@code s3://bucket/prefix/}. */
  public String location() {
    return location;
  }

  /** The value of {@code error_code} in JSON output. */
  public String errorCode() {
    return "location_unavailable";
  }
}
