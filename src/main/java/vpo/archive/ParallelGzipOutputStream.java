package vpo.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
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
import vpo.archive.GzipMemberEncoder.Block;

/**
 * A gzip stream compressed on several cores. The bytes written are cut into blocks (4 MiB by
 * default); each block becomes an independent gzip member (RFC 1952) whose header carries its total
 * length in a {@code VP} extra subfield, and members are written to the sink in order. Any gzip
 * reader reads the result as one stream; vpo's reader uses the lengths to inflate members in
 * parallel.
 *
 * <p>At most {@code 2 × threads} blocks exist at once, whatever the input size, and no more than
 * fit in {@link #BLOCK_BUDGET} (96 MiB) counting each block's input and its largest possible
 * member: eleven blocks of 4 MiB, so on more than five cores the memory stays the same and some
 * workers wait. Members are written to the sink on the caller's thread, so a sink failure surfaces
 * from {@code write}, {@code finish} or {@code close} as the sink's own {@link IOException}. After
 * any failure the stream is unusable and its threads are gone; {@link #close()} still closes the
 * sink.
 *
 * <p>With one thread no pool is started: each block is compressed on the caller's thread by the
 * same encoder the workers use. Not thread-safe: one writer at a time.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  public static final int DEFAULT_BLOCK_SIZE = 4 << 20;
  public static final int DEFAULT_LEVEL = 6;
  public static final int MAX_BLOCK_SIZE = GzipFormat.MAX_BLOCK_SIZE;

  /** Most bytes of blocks (input, and room for the member made of it) one stream keeps. */
  static final long BLOCK_BUDGET = 96L << 20;

  private static final AtomicInteger STREAM_NUMBERS = new AtomicInteger();

  private enum State {
    OPEN,
    FINISHED,
    FAILED,
    CLOSED
  }

  private final OutputStream sink;
  private final int level;
  private final int blockSize;
  private final int maxInFlight;

  /** Null when one thread was asked for: blocks are then encoded by {@link #callerEncoder}. */
  private final ThreadPoolExecutor pool;

  private final GzipMemberEncoder callerEncoder;

  /** Encoders not in use by a worker; each worker takes one per block, so there are ≤ threads. */
  private final Queue<GzipMemberEncoder> idleEncoders = new ConcurrentLinkedQueue<>();

  private final ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
  private final ArrayDeque<Block> spareBlocks = new ArrayDeque<>();
  private Block filling;
  private long membersStarted;
  private State state = State.OPEN;
  private boolean released;

  /** Level 6, 4 MiB blocks, one thread per available processor. */
  public ParallelGzipOutputStream(OutputStream sink) {
    this(sink, DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors());
  }

  public ParallelGzipOutputStream(OutputStream sink, int level, int threads) {
    this(sink, level, threads, DEFAULT_BLOCK_SIZE);
  }

  /**
   * @param level deflate level 1–9
   * @param threads compressing threads, at least 1
   * @param blockSize bytes of input per member, 1 to {@link #MAX_BLOCK_SIZE}
   */
  public ParallelGzipOutputStream(OutputStream sink, int level, int threads, int blockSize) {
    this.sink = Objects.requireNonNull(sink, "sink");
    checkSettings(level, threads, blockSize);
    this.level = level;
    this.blockSize = blockSize;
    this.maxInFlight = maxInFlight(threads, blockSize);
    if (threads == 1) {
      this.pool = null;
      this.callerEncoder = new GzipMemberEncoder(level);
    } else {
      this.pool = newPool(threads);
      this.callerEncoder = null;
    }
  }

  /**
   * Twice the workers, so each has a block queued behind the one it is compressing and never waits
   * for the caller; but no more than fit in {@link #BLOCK_BUDGET}, and at least two.
   */
  static int maxInFlight(int threads, int blockSize) {
    long perBlock = blockSize + (long) GzipMemberEncoder.maxMemberLength(blockSize);
    return (int) Math.min(2L * threads, Math.max(2, BLOCK_BUDGET / perBlock));
  }

  /** Throws {@link IllegalArgumentException} unless the three values make a valid stream. */
  static void checkSettings(int level, int threads, int blockSize) {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 1-9, got " + level);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "block size must be 1-" + MAX_BLOCK_SIZE + " bytes, got " + blockSize);
    }
  }

  private static ThreadPoolExecutor newPool(int threads) {
    int stream = STREAM_NUMBERS.incrementAndGet();
    AtomicInteger worker = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        task -> {
          Thread thread = new Thread(task, "vpo-gzip-" + stream + "-" + worker.incrementAndGet());
          // A stream its owner forgot to close must not keep the JVM alive.
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    boolean ok = false;
    try {
      while (len > 0) {
        if (filling == null) {
          filling = takeBlock();
        }
        int n = Math.min(len, blockSize - filling.inputLength);
        System.arraycopy(b, off, filling.input, filling.inputLength, n);
        filling.inputLength += n;
        off += n;
        len -= n;
        if (filling.inputLength == blockSize) {
          Block full = filling;
          filling = null;
          submit(full);
        }
      }
      ok = true;
    } finally {
      if (!ok) {
        fail();
      }
    }
  }

  /**
   * Writes the members already compressed and flushes the sink. A partly filled block is not forced
   * out: that would fragment the stream into small members and cost compression.
   */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    boolean ok = false;
    try {
      while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
        writeNextMember();
      }
      sink.flush();
      ok = true;
    } finally {
      if (!ok) {
        fail();
      }
    }
  }

  /**
   * Completes the gzip stream: compresses and writes what is buffered, flushes the sink and stops
   * the threads. The sink stays open, so the caller can still sync it. An empty stream becomes one
   * empty member, which is still valid gzip.
   */
  public void finish() throws IOException {
    if (state == State.FINISHED) {
      return;
    }
    ensureOpen();
    boolean ok = false;
    try {
      if ((filling != null && filling.inputLength > 0) || membersStarted == 0) {
        Block last = filling != null ? filling : takeBlock();
        filling = null;
        submit(last);
      }
      while (!inFlight.isEmpty()) {
        writeNextMember();
      }
      sink.flush();
      state = State.FINISHED;
      release();
      ok = true;
    } finally {
      if (!ok) {
        fail();
      }
    }
  }

  /**
   * Gives up without completing the stream: buffered data is dropped, the threads stop, nothing
   * more reaches the sink, and the sink is left open. For callers whose own work failed midway.
   */
  public void abort() {
    if (state == State.OPEN) {
      state = State.FAILED;
    }
    release();
  }

  /** Finishes the stream unless it already failed, then closes the sink. */
  @Override
  public void close() throws IOException {
    if (state == State.CLOSED) {
      return;
    }
    // Java 9 form: the sink is closed even when finishing fails, its own failure then suppressed.
    try (sink) {
      if (state == State.OPEN) {
        finish();
      }
    } finally {
      release();
      state = State.CLOSED;
    }
  }

  private void ensureOpen() throws IOException {
    switch (state) {
      case OPEN -> {}
      case FINISHED -> throw new IOException("gzip stream already finished");
      case FAILED -> throw new IOException("gzip stream failed earlier");
      case CLOSED -> throw new IOException("gzip stream closed");
    }
  }

  private Block takeBlock() {
    Block block = spareBlocks.poll();
    if (block == null) {
      return new Block(blockSize);
    }
    block.inputLength = 0;
    return block;
  }

  private void submit(Block block) throws IOException {
    membersStarted++;
    if (pool == null) {
      callerEncoder.encode(block);
      writeMember(block);
      return;
    }
    inFlight.add(pool.submit(() -> encodeOnWorker(block)));
    while (inFlight.size() >= maxInFlight) {
      writeNextMember();
    }
  }

  private Block encodeOnWorker(Block block) {
    GzipMemberEncoder encoder = idleEncoders.poll();
    if (encoder == null) {
      encoder = new GzipMemberEncoder(level);
    }
    try {
      encoder.encode(block);
    } finally {
      idleEncoders.add(encoder);
    }
    return block;
  }

  private void writeNextMember() throws IOException {
    writeMember(await(inFlight.poll()));
  }

  private void writeMember(Block block) throws IOException {
    sink.write(block.output, 0, block.outputLength);
    spareBlocks.add(block);
  }

  private static Block await(Future<Block> member) throws IOException {
    try {
      return member.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("gzip compression failed", cause);
    }
  }

  private void fail() {
    if (state == State.OPEN) {
      state = State.FAILED;
    }
    release();
  }

  /** Stops the workers and frees native deflate memory; safe to call more than once. */
  private void release() {
    if (released) {
      return;
    }
    released = true;
    for (Future<Block> member : inFlight) {
      member.cancel(true);
    }
    inFlight.clear();
    spareBlocks.clear();
    filling = null;
    if (pool == null) {
      callerEncoder.close();
      return;
    }
    WorkerPools.stop(
        pool,
        () -> {
          GzipMemberEncoder encoder;
          while ((encoder = idleEncoders.poll()) != null) {
            encoder.close();
          }
        });
  }
}
