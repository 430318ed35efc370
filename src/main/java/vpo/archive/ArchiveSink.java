package vpo.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an archive's bytes go. The archive's first gzip member (the head, holding the metadata) may
 * be written last, into room left for it before the body: {@link #body} first, then {@link #head}.
 */
public interface ArchiveSink {
  /** A stream for the body, which starts {@code headLength} bytes from the beginning. */
  OutputStream body(int headLength) throws IOException;

  /** Writes the head into the room left for it, once the body is complete. */
  void head(byte[] head) throws IOException;

  /** Discards everything written; returns a stream that writes the whole archive in order. */
  OutputStream restart() throws IOException;
}
