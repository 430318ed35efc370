package vpo.crypto;

/** A value from the user or a file, made safe for a one-line message. */
final class Quoted {
  private static final int LIMIT = 100;

  private Quoted() {}

  /** {@code value} in single quotes, control characters as {@code ?}, cut at 100 characters. */
  static String of(String value) {
    StringBuilder out = new StringBuilder("'");
    value
        .codePoints()
        .limit(LIMIT)
        .forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
    if (value.codePointCount(0, value.length()) > LIMIT) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
