package vpo.location;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** The bucket and key path of an {@code s3://} string, checked. */
final class S3Parts {
  // Current AWS rules: 3-63 of a-z 0-9 . -, starting and ending with a letter or digit.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final String NO_SECRETS_HINT =
      "give credentials through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile in"
          + " ~/.aws/credentials (AWS_PROFILE, [s3] profile), never in the location";

  final String bucket;
  final String path;

  private S3Parts(String bucket, String path) {
    this.bucket = bucket;
    this.path = path;
  }

  static S3Parts of(String arg) {
    String rest = arg.substring(LocationUri.S3_SCHEME.length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    // Checked before anything is echoed: the string may hold a secret.
    if (authority.contains("@")) {
      throw new InvalidLocationException(
          "an S3 location must not contain credentials (s3://KEY:SECRET@...); refused",
          NO_SECRETS_HINT);
    }
    int query = Math.max(path.indexOf('?'), authority.indexOf('?'));
    if (query >= 0 || arg.indexOf('#') >= 0) {
      String lower = arg.toLowerCase(Locale.ROOT);
      if (lower.contains("x-amz-") || lower.contains("signature") || lower.contains("accesskey")) {
        throw new InvalidLocationException(
            "an S3 location must not contain credentials or a signature (?X-Amz-...); refused",
            NO_SECRETS_HINT);
      }
      throw new InvalidLocationException(
          "an S3 location has no query or fragment ('?' or '#'): s3://" + authority + "/...",
          "write it as s3://BUCKET/PREFIX/");
    }
    if (authority.isEmpty()) {
      throw new InvalidLocationException(
          "no bucket in " + arg, "write the location as s3://BUCKET/PREFIX/");
    }
    if (!BUCKET.matcher(authority).matches()
        || authority.contains("..")
        || IP_ADDRESS.matcher(authority).matches()) {
      throw new InvalidLocationException(
          "invalid bucket name '" + authority + "' in " + arg,
          "bucket names are 3-63 lower-case letters, digits, '.' and '-', starting and ending"
              + " with a letter or digit; an endpoint goes in [s3] endpoint or AWS_ENDPOINT_URL");
    }
    checkKeyPath(arg, path);
    return new S3Parts(authority, path);
  }

  private static void checkKeyPath(String arg, String path) {
    if (path.isEmpty()) {
      return;
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidLocationException(
            "invalid S3 location " + arg + ": empty, '.' or '..' path segment",
            "write it as s3://BUCKET/PREFIX/");
      }
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        throw new InvalidLocationException(
            "invalid S3 location: control character in the key", null);
      }
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > 900) {
      throw new InvalidLocationException("S3 prefix too long in " + arg, null);
    }
  }
}
