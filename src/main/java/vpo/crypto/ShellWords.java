package vpo.crypto;

/** Quoting a path for a command the user copies into a POSIX shell. */
final class ShellWords {
  private ShellWords() {}

  /** {@code word} unchanged when the shell takes it literally, else in single quotes. */
  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./@%+=:,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
