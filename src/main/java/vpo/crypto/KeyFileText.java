package vpo.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading identity and recipients files: small text files of lines, as the age tool reads them. */
final class KeyFileText {
  /** The age tool's own limit; a key file is a few hundred bytes. */
  static final int MAX_BYTES = 1 << 24;

  private KeyFileText() {}

  /**
   * The lines of {@code file}, without their line ends ({@code \n} or {@code \r\n}).
   *
   * @param kind what the file is, for messages ("identity file", "recipients file")
   * @throws KeyFileException if the file is missing, unreadable, not a regular file or too large
   */
  static List<String> read(Path file, String kind) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new KeyFileException(kind + " " + file + " is a directory", "name the file itself");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (IOException e) {
      throw unreadable(file, kind, e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new KeyFileException(
          kind + " " + file + " is larger than 16 MiB; it is not a key file", null);
    }
    // Keys are ASCII; Latin-1 maps every byte to one character, so nothing fails to decode.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    return lines;
  }

  static KeyFileException unreadable(Path file, String kind, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new KeyFileException(
          "cannot read " + kind + " " + file + ": no such file", "check the path", e);
    }
    if (e instanceof AccessDeniedException) {
      return new KeyFileException(
          "cannot read " + kind + " " + file + ": permission denied",
          "run vpo as the user who owns the file",
          e);
    }
    return new KeyFileException(
        "cannot read " + kind + " " + file + ": " + oneLine(e.getMessage()), null, e);
  }

  private static String oneLine(String message) {
    return message == null ? "read error" : message.replaceAll("\\s+", " ").trim();
  }
}
