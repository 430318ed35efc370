package vpo.location;

import java.io.IOException;
import vpo.archive.ArchiveSink;

/**
 * An archive being written to a location. Nothing appears under the final name until {@link
 * #commit}; {@link #close} without a commit removes every trace of it. Closing the streams {@link
 * #body} and {@link #restart} return never publishes anything.
 */
public interface Upload extends ArchiveSink, AutoCloseable {
  /**
   * Publishes the archive under its final name, once complete and verified, and returns it with its
   * SHA-256. An explicit name that has meanwhile been taken (without overwrite) fails with {@link
   * java.nio.file.FileAlreadyExistsException}; an auto-named upload takes the next free suffix.
   */
  StoredObject commit() throws IOException;

  /** Discards the upload unless it was committed. Never fails. */
  @Override
  void close();
}
