package vpo;

import java.util.List;
import java.util.regex.Pattern;

/** POSIX sh quoting: a word with anything beyond {@code A-Za-z0-9_@+=:,./-} in single quotes. */
public final class ShellQuoting {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@+=:,./-]+");

  private ShellQuoting() {}

  /** {@code word} as sh reads it back exactly; a single quote inside becomes {@code '\''}. */
  public static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The words quoted and joined with spaces: a command line to paste into a shell. */
  public static String join(List<String> words) {
    StringBuilder b = new StringBuilder();
    for (String word : words) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(quote(word));
    }
    return b.toString();
  }
}
