package vpo.archive;

import java.io.IOException;

/**
 * The bytes are not a well-formed gzip stream: a bad header, a checksum or length mismatch, a
 * truncation, or data after the last member. The message is one line saying what is wrong. It is an
 * {@link IOException} so it can travel through stream APIs; callers tell it apart from a failing
 * disk by its type.
 */
public class ArchiveFormatException extends IOException {
  public ArchiveFormatException(String message) {
    super(message);
  }

  public ArchiveFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
