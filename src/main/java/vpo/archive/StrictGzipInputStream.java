package vpo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a gzip stream (RFC 1952) of one or more members and refuses anything that is not exactly
 * that. Every member header is checked (magic, method 8, reserved flags clear, extra field made of
 * well-formed subfields, header CRC when present), and so is every trailer (CRC-32 and length).
 * Each problem is an {@link ArchiveFormatException} with a one-line message, raised when reading
 * reaches it; a real I/O error of the underlying stream passes through unchanged.
 *
 * <p>What counts as the end: after a member's trailer the next byte must be the end of the input or
 * the first byte of another complete, valid member. Anything else is "trailing data after gzip
 * stream" — <b>including zero bytes</b>. GNU gzip merely warns about trailing zeros, but neither
 * vpo, Python's {@code tarfile} nor {@code tar czf} writes them, and a zero-filled tail is exactly
 * what a file whose last writes never reached the disk looks like after a crash. An input of zero
 * bytes is not a gzip stream either.
 *
 * <p>Members whose header carries vpo's {@code VP} subfield (their total length) can be inflated in
 * parallel ({@link #openParallel}): the reader cuts them out of the input without inflating and
 * keeps at most {@code threads + 2} of them in flight, delivering output in order. Such a member
 * must be 30 bytes to 64 MiB long, its deflate data must end exactly where the recorded length
 * says, and it must inflate to at most 32 MiB (vpo's largest block), which bounds what a hostile
 * archive can make the reader allocate. Members without the subfield — every other writer's — are
 * streamed through one {@link Inflater}, as are all members when reading with {@link #open}.
 *
 * <p>Streamed data is handed out before its member's CRC has been checked (that is what streaming
 * means); a consumer that needs integrity reads to the end. Not thread-safe.
 */
public final class StrictGzipInputStream extends InputStream {
  /** Compressed plus inflated bytes the parallel reader may hold in its queue. */
  private static final long QUEUE_BYTE_BUDGET = 64L << 20;

  private static final AtomicInteger STREAM_NUMBERS = new AtomicInteger();

  private final Source source;
  private final int workers;
  private final int maxQueued;

  /** Members cut from the input but not yet handed out, in stream order. */
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();

  private long queuedBytes;
  private boolean inputDone;
  private boolean awaitingStreamedMember;
  private int membersSeen;

  private ThreadPoolExecutor pool;
  private final Queue<Inflater> idleInflaters = new ConcurrentLinkedQueue<>();

  private byte[] chunk;
  private int chunkPos;

  private Header streamed;
  private Inflater streamInflater;
  private final CRC32 streamCrc = new CRC32();
  private long streamedOut;

  private IOException failure;
  private boolean closed;

  private StrictGzipInputStream(InputStream raw, int workers) {
    this.source = new Source(Objects.requireNonNull(raw, "raw"));
    this.workers = workers;
    this.maxQueued = workers == 0 ? 1 : workers + 2;
  }

  /**
   * Reads members one after another on the caller's thread, inflating only as much as is asked for:
   * reading the first kilobytes of a large archive costs only those kilobytes.
   */
  public static StrictGzipInputStream open(InputStream raw) {
    return new StrictGzipInputStream(raw, 0);
  }

  /**
   * Inflates members that carry a {@code VP} length on {@code threads} worker threads, reading
   * ahead of the consumer; other members are streamed.
   */
  public static StrictGzipInputStream openParallel(InputStream raw, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    return new StrictGzipInputStream(raw, threads);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    try {
      return readSome(b, off, len);
    } catch (IOException e) {
      // The stream is unusable from here on; free its threads even if the caller forgets close.
      failure = e;
      discardQueue();
      stopWorkers();
      throw e;
    }
  }

  private int readSome(byte[] b, int off, int len) throws IOException {
    while (true) {
      if (chunk != null) {
        if (chunkPos < chunk.length) {
          int n = Math.min(len, chunk.length - chunkPos);
          System.arraycopy(chunk, chunkPos, b, off, n);
          chunkPos += n;
          return n;
        }
        chunk = null;
      }
      if (streamed != null) {
        int n = inflateStreamed(b, off, len);
        if (n > 0) {
          return n;
        }
        continue;
      }
      fillQueue();
      Pending next = queue.poll();
      if (next == null) {
        return -1;
      }
      if (next.failure != null) {
        throw next.failure;
      }
      if (next.inflated != null) {
        queuedBytes -= next.cost;
        chunk = await(next.inflated);
        chunkPos = 0;
      } else {
        startStreamed(next.header);
      }
    }
  }

  /** Cuts members from the input until the queue is full or a streamed member blocks the way. */
  private void fillQueue() {
    while (!inputDone
        && !awaitingStreamedMember
        && queue.size() < maxQueued
        && (queue.isEmpty() || queuedBytes < QUEUE_BYTE_BUDGET)) {
      try {
        Header header = readHeader();
        if (header == null) {
          inputDone = true;
        } else if (workers > 0 && header.recordedLength >= 0) {
          queueParallel(header);
        } else {
          // Its end is only known by inflating it, so nothing after it can be read ahead.
          queue.add(new Pending(header, null, null, 0));
          awaitingStreamedMember = true;
        }
      } catch (IOException e) {
        // Handed out in stream order, after the members before the damage.
        queue.add(new Pending(null, null, e, 0));
        inputDone = true;
      }
    }
  }

  private void queueParallel(Header header) throws IOException {
    byte[] body = source.readBody((int) (header.recordedLength - header.length), header.number);
    int trailer = body.length - GzipFormat.TRAILER_LENGTH;
    long declaredSize = GzipFormat.intLe(body, trailer + 4);
    long cost = body.length + Math.min(declaredSize, GzipFormat.MAX_BLOCK_SIZE);
    int number = header.number;
    Future<byte[]> inflated = pool().submit(() -> inflateOnWorker(body, number));
    queue.add(new Pending(header, inflated, null, cost));
    queuedBytes += cost;
  }

  private ThreadPoolExecutor pool() {
    if (pool == null) {
      int stream = STREAM_NUMBERS.incrementAndGet();
      AtomicInteger worker = new AtomicInteger();
      pool =
          new ThreadPoolExecutor(
              workers,
              workers,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              task -> {
                Thread thread =
                    new Thread(task, "vpo-gunzip-" + stream + "-" + worker.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
    return pool;
  }

  private byte[] inflateOnWorker(byte[] body, int number) throws ArchiveFormatException {
    Inflater inflater = idleInflaters.poll();
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    try {
      return inflateMember(inflater, body, number);
    } finally {
      inflater.reset();
      idleInflaters.add(inflater);
    }
  }

  /** Inflates a member cut out by its VP length: deflate data, then the 8-byte trailer. */
  static byte[] inflateMember(Inflater inflater, byte[] body, int number)
      throws ArchiveFormatException {
    int deflateLength = body.length - GzipFormat.TRAILER_LENGTH;
    long expectedCrc = GzipFormat.intLe(body, deflateLength);
    long declaredSize = GzipFormat.intLe(body, deflateLength + 4);
    // The trailer is only trusted once the deflate data has proven where it ends, so a damaged
    // size sizes the first buffer at most: deflate expands at most 1032:1, blocks are bounded.
    long firstCapacity =
        Math.min(Math.min(declaredSize, GzipFormat.MAX_BLOCK_SIZE), deflateLength * 1032L + 1024);
    byte[] out = new byte[(int) firstCapacity];
    int produced = 0;
    inflater.reset();
    inflater.setInput(body, 0, deflateLength);
    try {
      while (!inflater.finished()) {
        if (produced == out.length) {
          if (out.length == GzipFormat.MAX_BLOCK_SIZE) {
            throw new ArchiveFormatException(
                "gzip member " + number + " inflates to more than a vpo block");
          }
          out =
              Arrays.copyOf(out, (int) Math.min(GzipFormat.MAX_BLOCK_SIZE, 2L * out.length + 1024));
        }
        int remainingBefore = inflater.getRemaining();
        int n = inflater.inflate(out, produced, out.length - produced);
        produced += n;
        if (n == 0 && !inflater.finished()) {
          if (inflater.needsInput()) {
            throw new ArchiveFormatException(
                "gzip member " + number + " does not end at its recorded length");
          }
          if (inflater.needsDictionary() || inflater.getRemaining() == remainingBefore) {
            throw new ArchiveFormatException("gzip data corrupt in member " + number);
          }
        }
      }
    } catch (DataFormatException e) {
      throw corrupt(number, e);
    }
    if (inflater.getRemaining() != 0) {
      throw new ArchiveFormatException(
          "gzip member " + number + " does not end at its recorded length");
    }
    if (produced != declaredSize) {
      throw new ArchiveFormatException("gzip length mismatch in member " + number);
    }
    CRC32 crc = new CRC32();
    crc.update(out, 0, produced);
    if (crc.getValue() != expectedCrc) {
      throw new ArchiveFormatException("gzip CRC mismatch in member " + number);
    }
    return produced == out.length ? out : Arrays.copyOf(out, produced);
  }

  private static byte[] await(Future<byte[]> inflated) throws IOException {
    try {
      return inflated.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while decompressing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("gzip decompression failed", cause);
    }
  }

  private void startStreamed(Header header) {
    if (streamInflater == null) {
      streamInflater = new Inflater(true);
    }
    streamInflater.reset();
    streamCrc.reset();
    streamedOut = 0;
    streamed = header;
  }

  /** Returns bytes of the streamed member, or 0 once its trailer has been checked. */
  private int inflateStreamed(byte[] b, int off, int len) throws IOException {
    Inflater inflater = streamInflater;
    int number = streamed.number;
    while (true) {
      if (inflater.finished()) {
        endStreamed();
        return 0;
      }
      if (inflater.needsInput()) {
        if (!source.fillIfEmpty()) {
          throw truncated(number);
        }
        // The inflater now owns the buffered bytes; the source gets back what it leaves over.
        inflater.setInput(source.buf, source.pos, source.lim - source.pos);
        source.pos = source.lim;
      }
      int remainingBefore = inflater.getRemaining();
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw corrupt(number, e);
      }
      if (n > 0) {
        streamCrc.update(b, off, n);
        streamedOut += n;
        if (streamed.recordedLength >= 0 && streamedOut > GzipFormat.MAX_BLOCK_SIZE) {
          throw new ArchiveFormatException(
              "gzip member " + number + " inflates to more than a vpo block");
        }
        return n;
      }
      if (!inflater.finished()
          && !inflater.needsInput()
          && (inflater.needsDictionary() || inflater.getRemaining() == remainingBefore)) {
        throw new ArchiveFormatException("gzip data corrupt in member " + number);
      }
    }
  }

  private void endStreamed() throws IOException {
    Header header = streamed;
    source.pos = source.lim - streamInflater.getRemaining();
    byte[] trailer = new byte[GzipFormat.TRAILER_LENGTH];
    source.readFully(trailer, header.number);
    if (GzipFormat.intLe(trailer, 0) != streamCrc.getValue()) {
      throw new ArchiveFormatException("gzip CRC mismatch in member " + header.number);
    }
    if (GzipFormat.intLe(trailer, 4) != (streamedOut & 0xffffffffL)) {
      throw new ArchiveFormatException("gzip length mismatch in member " + header.number);
    }
    if (header.recordedLength >= 0 && source.position() - header.start != header.recordedLength) {
      throw new ArchiveFormatException(
          "gzip member " + header.number + " does not end at its recorded length");
    }
    streamed = null;
    awaitingStreamedMember = false;
  }

  /** Parses the next member header, or returns null at a clean end of input. */
  private Header readHeader() throws IOException {
    long start = source.position();
    int first = source.read();
    if (first < 0) {
      if (membersSeen == 0) {
        throw new ArchiveFormatException("gzip stream is empty");
      }
      return null;
    }
    int second = source.read();
    if (first != GzipFormat.ID1 || second != GzipFormat.ID2) {
      throw new ArchiveFormatException(
          membersSeen == 0 ? "not a gzip stream" : "trailing data after gzip stream");
    }
    int number = ++membersSeen;
    HeaderBytes in = new HeaderBytes(source, number);
    int method = in.next();
    if (method != GzipFormat.CM_DEFLATE) {
      throw new ArchiveFormatException(
          "unsupported gzip compression method " + method + " in member " + number);
    }
    int flags = in.next();
    if ((flags & GzipFormat.RESERVED_FLAGS) != 0) {
      throw new ArchiveFormatException("reserved gzip header flags set in member " + number);
    }
    in.skip(6); // MTIME, XFL, OS: informational
    long recordedLength = -1;
    if ((flags & GzipFormat.FEXTRA) != 0) {
      int extraLength = in.next() | in.next() << 8;
      byte[] extra = new byte[extraLength];
      for (int i = 0; i < extraLength; i++) {
        extra[i] = (byte) in.next();
      }
      recordedLength = recordedLength(extra, number);
    }
    if ((flags & GzipFormat.FNAME) != 0) {
      in.skipZeroTerminated();
    }
    if ((flags & GzipFormat.FCOMMENT) != 0) {
      in.skipZeroTerminated();
    }
    if ((flags & GzipFormat.FHCRC) != 0) {
      int expected = (int) (in.crc() & 0xffff);
      int actual = in.next() | in.next() << 8;
      if (actual != expected) {
        throw new ArchiveFormatException("gzip header CRC mismatch in member " + number);
      }
    }
    long length = source.position() - start;
    if (recordedLength >= 0
        && (recordedLength < length + GzipFormat.MIN_DEFLATE_LENGTH + GzipFormat.TRAILER_LENGTH
            || recordedLength > GzipFormat.MAX_MEMBER_LENGTH)) {
      throw new ArchiveFormatException(
          "gzip member " + number + " records an impossible length " + recordedLength);
    }
    return new Header(number, start, length, recordedLength);
  }

  /** The VP subfield's value, or -1 without one; the extra field must be well-formed subfields. */
  private static long recordedLength(byte[] extra, int number) throws ArchiveFormatException {
    long found = -1;
    int at = 0;
    while (at < extra.length) {
      if (extra.length - at < 4) {
        throw new ArchiveFormatException("malformed gzip extra field in member " + number);
      }
      int id1 = extra[at] & 0xff;
      int id2 = extra[at + 1] & 0xff;
      int length = (extra[at + 2] & 0xff) | (extra[at + 3] & 0xff) << 8;
      at += 4;
      if (length > extra.length - at) {
        throw new ArchiveFormatException("malformed gzip extra field in member " + number);
      }
      if (id1 == GzipFormat.VP_ID1 && id2 == GzipFormat.VP_ID2) {
        if (length != GzipFormat.VP_DATA_LENGTH || found >= 0) {
          throw new ArchiveFormatException("malformed VP subfield in gzip member " + number);
        }
        found = GzipFormat.intLe(extra, at);
      }
      at += length;
    }
    return found;
  }

  private static ArchiveFormatException truncated(int number) {
    return new ArchiveFormatException("gzip stream truncated in member " + number);
  }

  private static ArchiveFormatException corrupt(int number, DataFormatException e) {
    String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
    return new ArchiveFormatException("gzip data corrupt in member " + number + detail, e);
  }

  /** Stops the workers, frees native inflate memory and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    discardQueue();
    try {
      stopWorkers();
    } finally {
      if (streamInflater != null) {
        streamInflater.end();
      }
      source.in.close();
    }
  }

  private void discardQueue() {
    for (Pending pending : queue) {
      if (pending.inflated != null) {
        pending.inflated.cancel(true);
      }
    }
    queue.clear();
    queuedBytes = 0;
    chunk = null;
  }

  private void stopWorkers() {
    if (pool == null) {
      return;
    }
    WorkerPools.stop(
        pool,
        () -> {
          Inflater inflater;
          while ((inflater = idleInflaters.poll()) != null) {
            inflater.end();
          }
        });
  }

  /** A member header as parsed; {@code recordedLength} is the VP value or -1. */
  private record Header(int number, long start, long length, long recordedLength) {}

  /** One queue slot: a member being inflated, a member to stream, or the damage that ends input. */
  private record Pending(Header header, Future<byte[]> inflated, IOException failure, long cost) {}

  /** The underlying stream behind a buffer whose bytes the streaming inflater can read directly. */
  private static final class Source {
    final InputStream in;
    final byte[] buf = new byte[64 << 10];
    int pos;
    int lim;

    /** Input offset of {@code buf[0]}. */
    long base;

    Source(InputStream in) {
      this.in = in;
    }

    long position() {
      return base + pos;
    }

    /** Makes sure unread bytes are buffered; false at end of input. */
    boolean fillIfEmpty() throws IOException {
      if (pos < lim) {
        return true;
      }
      base += lim;
      pos = 0;
      lim = 0;
      int n;
      do {
        n = in.read(buf, 0, buf.length);
      } while (n == 0);
      if (n < 0) {
        return false;
      }
      lim = n;
      return true;
    }

    int read() throws IOException {
      return fillIfEmpty() ? buf[pos++] & 0xff : -1;
    }

    void readFully(byte[] dst, int number) throws IOException {
      int done = 0;
      while (done < dst.length) {
        if (!fillIfEmpty()) {
          throw truncated(number);
        }
        int n = Math.min(dst.length - done, lim - pos);
        System.arraycopy(buf, pos, dst, done, n);
        pos += n;
        done += n;
      }
    }

    /**
     * Reads exactly {@code length} bytes, growing the result as data arrives, so a damaged length
     * field cannot make the reader allocate more than the input actually holds.
     */
    byte[] readBody(int length, int number) throws IOException {
      byte[] out = new byte[Math.min(length, 1 << 20)];
      int done = 0;
      while (done < length) {
        if (!fillIfEmpty()) {
          throw truncated(number);
        }
        if (done == out.length) {
          out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
        }
        int n = Math.min(out.length - done, lim - pos);
        System.arraycopy(buf, pos, out, done, n);
        pos += n;
        done += n;
      }
      return out;
    }
  }

  /** Header bytes read one by one, summed into the CRC that FHCRC protects. */
  private static final class HeaderBytes {
    private final Source source;
    private final int number;
    private final CRC32 crc = new CRC32();

    HeaderBytes(Source source, int number) {
      this.source = source;
      this.number = number;
      crc.update(GzipFormat.ID1);
      crc.update(GzipFormat.ID2);
    }

    int next() throws IOException {
      int b = source.read();
      if (b < 0) {
        throw truncated(number);
      }
      crc.update(b);
      return b;
    }

    void skip(int count) throws IOException {
      for (int i = 0; i < count; i++) {
        next();
      }
    }

    void skipZeroTerminated() throws IOException {
      while (next() != 0) {
        // a file name or comment: informational
      }
    }

    long crc() {
      return crc.getValue();
    }
  }
}
