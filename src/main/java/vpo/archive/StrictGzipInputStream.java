package vpo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
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
 * inflates them on worker threads, delivering output in order. Such a member must be 30 bytes to 64
 * MiB long, its deflate data must end exactly where the recorded length says, and it must inflate
 * to at most 32 MiB (vpo's largest block) and to exactly the size its trailer declares.
 *
 * <p>Memory: members in flight — cut out, being inflated, or being handed out — number at most
 * {@code threads + 2}, and their compressed and inflated bytes, with the arrays kept for reuse,
 * stay within {@link #BUFFER_BUDGET} (96 MiB). A member is only cut out once the most it can need
 * fits beside those already in flight; one member of the largest allowed size fits alone, so every
 * valid stream reads, a hostile one just reads one member at a time. A member's output array is
 * sized by its trailer, and only when the deflate data could produce that much; output beyond it
 * (the member is then damaged) is inflated into a small scratch array and only counted, so the
 * problem reported is the same. Members without the subfield — every other writer's — are streamed
 * through one {@link Inflater}, as are all members when reading with {@link #open}: a 64 KiB input
 * buffer, whatever the member's size.
 *
 * <p>Streamed data is handed out before its member's CRC has been checked (that is what streaming
 * means); a consumer that needs integrity reads to the end. Not thread-safe.
 */
public final class StrictGzipInputStream extends InputStream {
  /**
   * Most bytes of member arrays (compressed members and their inflated output, in flight or kept
   * for reuse) one parallel stream holds: exactly one member of the largest allowed size.
   */
  static final long BUFFER_BUDGET = (long) GzipFormat.MAX_MEMBER_LENGTH + GzipFormat.MAX_BLOCK_SIZE;

  /** Deflate expands at most 1032:1; with room for block headers, the most a member can inflate. */
  private static final int MAX_DEFLATE_RATIO = 1032;

  private static final int SCRATCH_SIZE = 64 << 10;

  private static final AtomicInteger STREAM_NUMBERS = new AtomicInteger();

  private final Source source;
  private final int workers;
  private final int maxQueued;

  /** Members cut from the input but not yet handed out, in stream order. */
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();

  private final MemberBuffers buffers = new MemberBuffers(BUFFER_BUDGET);

  /** A parsed header whose member did not fit in the budget yet. */
  private Header waiting;

  private boolean inputDone;
  private boolean awaitingStreamedMember;
  private int membersSeen;

  private ThreadPoolExecutor pool;
  private final Queue<Inflater> idleInflaters = new ConcurrentLinkedQueue<>();

  /** Inflated bytes being handed out: {@code chunk[chunkPos, chunkLength)}. */
  private byte[] chunk;

  private int chunkLength;
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
        if (chunkPos < chunkLength) {
          int n = Math.min(len, chunkLength - chunkPos);
          System.arraycopy(chunk, chunkPos, b, off, n);
          chunkPos += n;
          return n;
        }
        buffers.give(chunk);
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
        await(next.inflated);
        buffers.give(next.body);
        chunk = next.out;
        chunkLength = next.outLength;
        chunkPos = 0;
      } else {
        startStreamed(next.header);
      }
    }
  }

  /**
   * Cuts members from the input until the queue is full, the next member does not fit in the
   * budget, or a streamed member blocks the way.
   */
  private void fillQueue() {
    while (!inputDone && !awaitingStreamedMember && queue.size() < maxQueued) {
      try {
        Header header = waiting != null ? waiting : readHeader();
        waiting = null;
        if (header == null) {
          inputDone = true;
        } else if (workers > 0 && header.recordedLength >= 0) {
          if (!fits(header)) {
            waiting = header;
            return;
          }
          queueParallel(header);
        } else {
          // Its end is only known by inflating it, so nothing after it can be read ahead.
          queue.add(new Pending(header, null, null, null, null, 0));
          awaitingStreamedMember = true;
        }
      } catch (IOException e) {
        // Handed out in stream order, after the members before the damage.
        queue.add(new Pending(null, null, e, null, null, 0));
        inputDone = true;
      }
    }
  }

  /**
   * Whether the member's arrays, as large as they can be before its trailer is read, fit beside
   * those in flight. With nothing in flight, every member fits: the largest allowed is the budget.
   */
  private boolean fits(Header header) {
    long bodyLength = header.recordedLength - header.length;
    long mostInflated = mostInflated(bodyLength - GzipFormat.TRAILER_LENGTH);
    long most = MemberBuffers.largest(bodyLength) + MemberBuffers.largest(mostInflated);
    return buffers.inUse() == 0 || buffers.inUse() + most <= BUFFER_BUDGET;
  }

  /** The most a member with this much deflate data may inflate to and still be valid. */
  private static long mostInflated(long deflateLength) {
    return Math.min(GzipFormat.MAX_BLOCK_SIZE, deflateLength * MAX_DEFLATE_RATIO + 1024);
  }

  private void queueParallel(Header header) throws IOException {
    int bodyLength = (int) (header.recordedLength - header.length);
    byte[] body = buffers.take(bodyLength);
    source.readFully(body, bodyLength, header.number);
    int deflateLength = bodyLength - GzipFormat.TRAILER_LENGTH;
    long declaredSize = GzipFormat.intLe(body, deflateLength + 4);
    // A size the deflate data cannot reach is damage, found by inflating: nothing is kept then.
    int outLength = declaredSize <= mostInflated(deflateLength) ? (int) declaredSize : 0;
    byte[] out = buffers.take(outLength);
    int number = header.number;
    Future<?> inflated =
        pool().submit(() -> inflateOnWorker(body, bodyLength, out, outLength, number));
    queue.add(new Pending(header, inflated, null, body, out, outLength));
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

  private Void inflateOnWorker(byte[] body, int bodyLength, byte[] out, int outLength, int number)
      throws ArchiveFormatException {
    Inflater inflater = idleInflaters.poll();
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    try {
      inflateMember(inflater, body, bodyLength, out, outLength, number);
      return null;
    } finally {
      inflater.reset();
      idleInflaters.add(inflater);
    }
  }

  /**
   * Inflates a member cut out by its VP length ({@code body[0, bodyLength)}: deflate data, then the
   * 8-byte trailer) into {@code out[0, outLength)}, where {@code outLength} is the declared size,
   * or 0 when the deflate data cannot produce that much. Output beyond it goes to a scratch array
   * and is only counted: the member is damaged then, and inflating on finds which way.
   */
  static void inflateMember(
      Inflater inflater, byte[] body, int bodyLength, byte[] out, int outLength, int number)
      throws ArchiveFormatException {
    int deflateLength = bodyLength - GzipFormat.TRAILER_LENGTH;
    long expectedCrc = GzipFormat.intLe(body, deflateLength);
    long declaredSize = GzipFormat.intLe(body, deflateLength + 4);
    long produced = 0;
    byte[] scratch = null;
    inflater.reset();
    inflater.setInput(body, 0, deflateLength);
    try {
      while (!inflater.finished()) {
        int remainingBefore = inflater.getRemaining();
        int n;
        if (produced < outLength) {
          n = inflater.inflate(out, (int) produced, outLength - (int) produced);
        } else {
          if (scratch == null) {
            scratch = new byte[SCRATCH_SIZE];
          }
          n = inflater.inflate(scratch);
        }
        produced += n;
        if (produced > GzipFormat.MAX_BLOCK_SIZE) {
          throw new ArchiveFormatException(
              "gzip member " + number + " inflates to more than a vpo block");
        }
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
    // outLength is the declared size whenever the deflate data can produce that much (deflate
    // expands at most 1032:1), so a member of exactly that size is all in out.
    CRC32 crc = new CRC32();
    crc.update(out, 0, outLength);
    if (crc.getValue() != expectedCrc) {
      throw new ArchiveFormatException("gzip CRC mismatch in member " + number);
    }
  }

  private static void await(Future<?> inflated) throws IOException {
    try {
      inflated.get();
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
    waiting = null;
    chunk = null;
    buffers.clear();
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

  /** Bytes of member arrays this stream holds now: in flight, or kept for reuse. */
  long bufferedBytes() {
    return buffers.held();
  }

  /** The most bytes of member arrays this stream has held at once. */
  long peakBufferedBytes() {
    return buffers.peakHeld();
  }

  /**
   * One queue slot: a member being inflated from {@code body} into {@code out[0, outLength)}, a
   * member to stream, or the damage that ends input.
   */
  private record Pending(
      Header header,
      Future<?> inflated,
      IOException failure,
      byte[] body,
      byte[] out,
      int outLength) {}

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
      readFully(dst, dst.length, number);
    }

    /** Fills {@code dst[0, length)}; the end of input first is a truncated member. */
    void readFully(byte[] dst, int length, int number) throws IOException {
      int done = 0;
      while (done < length) {
        if (!fillIfEmpty()) {
          throw truncated(number);
        }
        int n = Math.min(length - done, lim - pos);
        System.arraycopy(buf, pos, dst, done, n);
        pos += n;
        done += n;
      }
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
