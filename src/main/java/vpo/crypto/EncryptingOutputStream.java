package vpo.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * Writes a standard binary age file: the header (already written when this stream exists), then the
 * bytes given, encrypted in 64 KiB chunks. The file is complete only after {@link #finish} or
 * {@link #close}, which write the final chunk, marked as final; a stream abandoned before that
 * leaves a file every age reader refuses as truncated.
 *
 * <p>{@link #flush} passes written chunks on but cannot write a partial chunk: age's chunks are
 * fixed, so up to 64 KiB stay buffered until {@link #finish}.
 */
public final class EncryptingOutputStream extends OutputStream {
  private final OutputStream out;
  private final Sink sink;
  private WritableByteChannel channel;
  private boolean finished;

  private EncryptingOutputStream(OutputStream out, Sink sink) {
    this.out = out;
    this.sink = sink;
  }

  /** Starts an age file on {@code out}: writes its header for {@code recipients}. */
  static EncryptingOutputStream open(OutputStream out, Opener opener) throws IOException {
    Objects.requireNonNull(out, "out");
    Sink sink = new Sink(out);
    EncryptingOutputStream stream = new EncryptingOutputStream(out, sink);
    stream.channel = opener.open(sink);
    return stream;
  }

  /** Makes jagged's encrypting channel over the sink. */
  interface Opener {
    WritableByteChannel open(WritableByteChannel sink) throws IOException;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (finished) {
      throw new IOException("age file already finished");
    }
    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Passes complete chunks on to the underlying stream and flushes it. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /**
   * Writes the final chunk and flushes, leaving the underlying stream open (as {@code
   * GZIPOutputStream.finish} does). Idempotent.
   */
  public void finish() throws IOException {
    if (!finished) {
      finished = true;
      channel.close();
      out.flush();
    }
  }

  /** Finishes the age file and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }

  /**
   * The encrypted bytes' way out. Closing it (which jagged does to finish) leaves {@code out} open,
   * so the caller decides, as with any finished stream.
   */
  private static final class Sink implements WritableByteChannel {
    private final OutputStream out;
    private boolean open = true;

    Sink(OutputStream out) {
      this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      int n = src.remaining();
      if (src.hasArray()) {
        out.write(src.array(), src.arrayOffset() + src.position(), n);
        src.position(src.limit());
      } else {
        byte[] copy = new byte[n];
        src.get(copy);
        out.write(copy);
      }
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
