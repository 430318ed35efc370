package vpo.location;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import vpo.location.LocationUnavailableException.Reason;

/**
 * Turns what the S3 client throws into one {@link LocationUnavailableException} per kind of
 * failure, with a message that names the location and never a secret. The store's own error message
 * is never copied: only its error code and HTTP status.
 */
final class S3Errors {
  private static final String PERMISSIONS =
      "vpo needs s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject,"
          + " s3:ListBucketMultipartUploads and s3:AbortMultipartUpload there";

  private final String location;
  private final String bucket;
  private final S3Settings settings;

  S3Errors(String location, String bucket, S3Settings settings) {
    this.location = location;
    this.bucket = bucket;
    this.settings = settings;
  }

  /** No credentials anywhere: the store is never asked. */
  LocationUnavailableException noCredentials() {
    return new LocationUnavailableException(
        Reason.NO_CREDENTIALS,
        location,
        "no credentials for " + location + ": " + settings.credentialsProblem(),
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or put the keys in a profile in"
            + " ~/.aws/credentials (AWS_PROFILE or [s3] profile names it)",
        null);
  }

  /**
   * {@code failure} met while doing {@code action} (e.g. "listing", "reading NAME"): what was being
   * done here, in words that read after "while" in a message that names the location already.
   */
  LocationUnavailableException translate(Throwable failure, String action) {
    if (failure instanceof LocationUnavailableException done) {
      return done;
    }
    AwsServiceException service = find(failure, AwsServiceException.class);
    if (service != null) {
      return fromService(service, action);
    }
    String at = settings.hostAndPort();
    if (find(failure, UnknownHostException.class) != null) {
      return new LocationUnavailableException(
          Reason.CANNOT_CONNECT,
          location,
          "cannot connect to the store of " + location + ": host " + host(at) + " not found",
          endpointHint(),
          failure);
    }
    if (find(failure, ConnectException.class) != null
        || find(failure, NoRouteToHostException.class) != null) {
      return new LocationUnavailableException(
          Reason.CANNOT_CONNECT,
          location,
          "cannot connect to the store of " + location + " at " + at + ": connection refused",
          endpointHint(),
          failure);
    }
    if (find(failure, SocketTimeoutException.class) != null
        || find(failure, ApiCallTimeoutException.class) != null
        || find(failure, ApiCallAttemptTimeoutException.class) != null) {
      return new LocationUnavailableException(
          Reason.TIMEOUT,
          location,
          "the store of " + location + " at " + at + " did not answer in time while " + action,
          "check the network connection to the store; vpo retried for a while before giving up",
          failure);
    }
    if (find(failure, SSLException.class) != null) {
      return new LocationUnavailableException(
          Reason.CANNOT_CONNECT,
          location,
          "cannot connect to the store of " + location + " at " + at + ": the TLS handshake failed",
          "check the endpoint's scheme (http:// or https://) and the store's certificate",
          failure);
    }
    if (find(failure, AbortedException.class) != null
        || find(failure, InterruptedException.class) != null) {
      return new LocationUnavailableException(
          Reason.STORE_ERROR,
          location,
          location + ": " + action + " was interrupted",
          null,
          failure);
    }
    IOException io = find(failure, IOException.class);
    if (io != null) {
      return new LocationUnavailableException(
          Reason.CANNOT_CONNECT,
          location,
          "the connection to the store of "
              + location
              + " at "
              + at
              + " failed while "
              + action
              + ": "
              + describe(io),
          "check the network connection to the store; vpo retried for a while before giving up",
          failure);
    }
    return new LocationUnavailableException(
        Reason.STORE_ERROR,
        location,
        "the S3 request to " + location + " failed while " + action + ": " + kind(failure),
        null,
        failure);
  }

  private LocationUnavailableException fromService(AwsServiceException e, String action) {
    int status = e.statusCode();
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String c = code == null ? "" : code;
    String from =
        settings.credentialsSource() == null ? "" : " from " + settings.credentialsSource();
    switch (c) {
      case "InvalidAccessKeyId":
        return wrongCredentials("the store does not know the access key" + from, c, e);
      case "SignatureDoesNotMatch":
        return wrongCredentials("the secret key" + from + " does not match the access key", c, e);
      case "ExpiredToken":
      case "TokenRefreshRequired":
        return wrongCredentials("the session token" + from + " has expired", c, e);
      case "InvalidToken":
        return wrongCredentials("the session token" + from + " is not valid", c, e);
      case "NoSuchBucket":
        return new LocationUnavailableException(
            Reason.NO_BUCKET,
            location,
            "the bucket of "
                + location
                + " does not exist at "
                + settings.hostAndPort()
                + " (NoSuchBucket)",
            "create the bucket, or check its name, the endpoint and the region",
            e);
      case "RequestTimeTooSkewed":
        return new LocationUnavailableException(
            Reason.WRONG_CREDENTIALS,
            location,
            location
                + " refused the request: this computer's clock is too far off"
                + " (RequestTimeTooSkewed)",
            "set the clock right (NTP)",
            e);
      case "PermanentRedirect":
      case "AuthorizationHeaderMalformed":
      case "IllegalLocationConstraintException":
        return new LocationUnavailableException(
            Reason.STORE_ERROR,
            location,
            "bucket '"
                + bucket
                + "' is in another region than "
                + settings.region()
                + " ("
                + c
                + ")",
            "set the bucket's region in AWS_REGION or [s3] region",
            e);
      case "RequestTimeout":
        return new LocationUnavailableException(
            Reason.TIMEOUT,
            location,
            "the store of " + location + " timed out while " + action + " (RequestTimeout)",
            "check the network connection to the store",
            e);
      default:
        break;
    }
    if (status == 403
        || c.equals("AccessDenied")
        || c.equals("AllAccessDisabled")
        || c.equals("AccountProblem")) {
      return new LocationUnavailableException(
          Reason.ACCESS_DENIED,
          location,
          "access denied to " + location + " while " + action + " (" + status(status, c) + ")",
          "the credentials" + from + " lack the permission; " + PERMISSIONS,
          e);
    }
    return new LocationUnavailableException(
        Reason.STORE_ERROR,
        location,
        "the store of " + location + " failed while " + action + " (" + status(status, c) + ")",
        status >= 500 ? "the store is having trouble; try again later" : null,
        e);
  }

  private LocationUnavailableException wrongCredentials(String what, String code, Throwable e) {
    return new LocationUnavailableException(
        Reason.WRONG_CREDENTIALS,
        location,
        location + " refused the credentials: " + what + " (" + code + ")",
        "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the keys of profile '"
            + settings.profile()
            + "' in ~/.aws/credentials",
        e);
  }

  private String endpointHint() {
    return settings.endpoint().isPresent()
        ? "check that the store is running and that the endpoint ([s3] endpoint,"
            + " AWS_ENDPOINT_URL) is right"
        : "check the network connection";
  }

  private static String status(int status, String code) {
    return code.isEmpty() ? "HTTP " + status : "HTTP " + status + " " + code;
  }

  private static String host(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }

  /** What happened to the connection, in words: the exception's message, never its class. */
  private static String describe(IOException io) {
    String m = io.getMessage();
    if (m == null || m.isBlank()) {
      return "the connection failed";
    }
    String line = oneLine(m);
    return Character.toLowerCase(line.charAt(0)) + line.substring(1);
  }

  private static String kind(Throwable t) {
    return t.getClass().getSimpleName();
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** Whether {@code failure} says the object is not there (404). */
  static boolean isNotFound(Throwable failure) {
    AwsServiceException e = find(failure, AwsServiceException.class);
    if (e == null || e.statusCode() != 404) {
      return false;
    }
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return !"NoSuchBucket".equals(code) && !"NoSuchUpload".equals(code);
  }

  /** Whether a conditional write found the name taken (412, or 409 for a concurrent one). */
  static boolean isTaken(Throwable failure) {
    AwsServiceException e = find(failure, AwsServiceException.class);
    if (e == null) {
      return false;
    }
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    return e.statusCode() == 412
        || (e.statusCode() == 409 && "ConditionalRequestConflict".equals(code));
  }

  /** Whether the store refused a ranged read that starts at or past the end (416). */
  static boolean isRangeNotSatisfiable(Throwable failure) {
    AwsServiceException e = find(failure, AwsServiceException.class);
    return e != null && e.statusCode() == 416;
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
