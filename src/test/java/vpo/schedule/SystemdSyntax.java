package vpo.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent reader of the unit-file values vpo writes, after systemd.syntax(7) "Quoting" and
 * systemd.service(5) "Command lines": specifiers are expanded in the whole value first (vpo writes
 * only {@code %%}), then the value is split into words, where a word in double or single quotes
 * runs to the matching quote, which must be followed by whitespace or the end; C escapes are
 * resolved inside and outside quotes. In a command line, {@code $$} then becomes {@code $}, and any
 * other {@code $} would be a variable (which vpo never writes). Anything outside what vpo is meant
 * to write fails loudly rather than guessing. The tests check this reader against systemd itself
 * where systemd can show its reading ({@code systemd-analyze verify} resolves the program path).
 */
final class SystemdSyntax {
  private SystemdSyntax() {}

  /** The words of an {@code ExecStart=} value, as the process receives them. */
  static List<String> commandLine(String value) {
    List<String> words = new ArrayList<>();
    for (String word : split(specifiers(value))) {
      words.add(dollars(word));
    }
    return words;
  }

  /** The words of an {@code Environment=} value (no variables there: {@code $} is literal). */
  static List<String> environment(String value) {
    return split(specifiers(value));
  }

  private static String specifiers(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 1 < value.length() && value.charAt(i + 1) == '%') {
          b.append('%');
          i++;
        } else {
          throw new AssertionError("a specifier systemd would expand: " + value);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String dollars(String word) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '$') {
        if (i + 1 < word.length() && word.charAt(i + 1) == '$') {
          i++;
        } else {
          throw new AssertionError("a variable systemd would expand: " + word);
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  private static List<String> split(String value) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (true) {
      while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n) {
        return words;
      }
      StringBuilder word = new StringBuilder();
      char first = value.charAt(i);
      if (first == '"' || first == '\'') {
        i++;
        while (true) {
          if (i >= n) {
            throw new AssertionError("unbalanced quoting: " + value);
          }
          char c = value.charAt(i);
          if (c == first) {
            i++;
            break;
          }
          if (c == '\\') {
            i = escape(value, i, word);
          } else {
            word.append(c);
            i++;
          }
        }
        if (i < n && value.charAt(i) != ' ' && value.charAt(i) != '\t') {
          throw new AssertionError("a closing quote must end the word: " + value);
        }
      } else {
        while (i < n && value.charAt(i) != ' ' && value.charAt(i) != '\t') {
          char c = value.charAt(i);
          if (c == '"' || c == '\'') {
            throw new AssertionError("a quote inside an unquoted word: " + value);
          }
          if (c == '\\') {
            i = escape(value, i, word);
          } else {
            word.append(c);
            i++;
          }
        }
      }
      words.add(word.toString());
    }
  }

  /** Resolves the escape at {@code value[i]} (a backslash); returns the index after it. */
  private static int escape(String value, int i, StringBuilder word) {
    if (i + 1 >= value.length()) {
      throw new AssertionError("a trailing backslash continues the line: " + value);
    }
    char e = value.charAt(i + 1);
    switch (e) {
      case '\\':
      case '"':
      case '\'':
        word.append(e);
        break;
      case 's':
        word.append(' ');
        break;
      default:
        throw new AssertionError("an escape vpo does not write: \\" + e + " in " + value);
    }
    return i + 2;
  }
}
