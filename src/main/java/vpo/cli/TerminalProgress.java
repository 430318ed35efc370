package vpo.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import vpo.fs.ByteSizes;
import vpo.progress.ProgressListener;

/**
 * One line on stderr for the phase of work under way, redrawn five times a second: a labelled bar
 * with bytes, rate and time left where the size is known, else a spinner with the time so far.
 * Drawn only when stderr is a terminal and not under {@code --json}, and only for a phase that has
 * run for a second ({@value #DELAY_ENV} changes that, for tests). What is not known yet (the rate
 * in the first moments, so the time left) is left out rather than shown as {@code ?} or zero. The
 * line is erased when the phase ends.
 *
 * <p>Ctrl-C: a shutdown hook ends the line of a phase still under way with what was stopped and
 * what that means ({@code ifStopped}, from the command); the domain's own hook removes the temp
 * files. A phase still under way when the JVM shuts down was interrupted: every command ends its
 * phases before it returns, whether it succeeded or failed.
 */
final class TerminalProgress implements ProgressListener {
  /** Milliseconds a phase runs before it is drawn (default 1000). */
  static final String DELAY_ENV = "VPO_PROGRESS_DELAY_MS";

  private static final long TICK_MILLIS = 200;
  private static final char[] SPINNER = {'|', '/', '-', '\\'};
  private static final Set<TerminalProgress> UNDER_WAY = ConcurrentHashMap.newKeySet();
  private static final ScheduledExecutorService TICKER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vpo-progress");
            t.setDaemon(true);
            return t;
          });

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TerminalProgress::interrupted, "vpo-progress-interrupted"));
  }

  private final PrintStream err;
  private final int width;
  private final long delayMillis;
  private final String ifStopped;
  private final LongSupplier nanoClock;
  private final AtomicLong done = new AtomicLong();
  private String task;
  private long total;
  private long startedNanos;
  private ScheduledFuture<?> ticking;
  private int drawnLength;
  private int frames;

  TerminalProgress(
      PrintStream err, int width, long delayMillis, String ifStopped, LongSupplier nanoClock) {
    this.err = err;
    this.width = width;
    this.delayMillis = delayMillis;
    this.ifStopped = ifStopped;
    this.nanoClock = nanoClock;
  }

  /**
   * The progress display for a command of {@code session}, or none under {@code --json} or when
   * stderr is not a terminal. {@code ifStopped} says what an interruption means for the command
   * ("the backup was stopped; no archive was written").
   */
  static ProgressListener forSession(Session session, boolean json, String ifStopped) {
    Environment env = session.environment();
    if (json || !env.stderrTerminal()) {
      return ProgressListener.NONE;
    }
    return new TerminalProgress(
        new PrintStream(env.stderr(), true, StandardCharsets.UTF_8),
        HelpLayout.width(env.env()),
        delay(env.env().get(DELAY_ENV)),
        ifStopped,
        System::nanoTime);
  }

  private static long delay(String configured) {
    try {
      return configured == null ? 1000 : Math.max(0, Long.parseLong(configured.strip()));
    } catch (NumberFormatException e) {
      return 1000;
    }
  }

  @Override
  public synchronized void start(String task, long totalBytes) {
    finish();
    this.task = task;
    this.total = totalBytes;
    this.done.set(0);
    this.startedNanos = nanoClock.getAsLong();
    this.frames = 0;
    UNDER_WAY.add(this);
    if (delayMillis == 0) {
      draw();
    }
    ticking =
        TICKER.scheduleAtFixedRate(
            this::draw,
            delayMillis == 0 ? TICK_MILLIS : delayMillis,
            TICK_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void advance(long bytes) {
    done.addAndGet(bytes);
  }

  @Override
  public synchronized void finish() {
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
    if (drawnLength > 0) {
      err.print("\r" + " ".repeat(drawnLength) + "\r");
      err.flush();
      drawnLength = 0;
    }
    task = null;
    UNDER_WAY.remove(this);
  }

  /** Draws the current frame over the last one. */
  synchronized void draw() {
    if (task == null) {
      return;
    }
    String line = frame(nanoClock.getAsLong());
    frames++;
    err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
    err.flush();
    drawnLength = line.length();
  }

  /**
   * The line for the phase at {@code now}: task, then for a known size percent, bar and bytes, else
   * a spinner; then what is known of the rate and the time.
   */
  synchronized String frame(long now) {
    double seconds = Math.max(0, now - startedNanos) / 1e9;
    long bytes = done.get();
    // The rate only once there is a second of work to measure it by.
    double rate = seconds >= 1 && bytes > 0 ? bytes / seconds : 0;
    StringBuilder tail = new StringBuilder();
    String head;
    if (total > 0) {
      long d = Math.min(bytes, total);
      int percent = (int) (d * 100 / total);
      tail.append(ByteSizes.human(d)).append(" / ").append(ByteSizes.human(total));
      if (rate > 0) {
        tail.append("  ").append(ByteSizes.human((long) rate)).append("/s");
        tail.append("  ").append(clock((long) Math.ceil((total - d) / rate))).append(" left");
      }
      String start = task + String.format(Locale.ROOT, "  %3d%% ", percent);
      // The bar's width is set by the longest the figures can be, so it does not jump about as
      // they change: "1023.9 MB / <total>  1023.9 MB/s  1:00:00 left".
      int longestTail = 9 + 3 + ByteSizes.human(total).length() + 2 + 11 + 2 + 12;
      int room = width - 1 - start.length() - 2 - 2 - longestTail;
      int barWidth = Math.min(30, room);
      if (barWidth >= 5) {
        int filled = (int) (d * barWidth / total);
        head =
            start
                + "["
                + "=".repeat(filled)
                + (filled < barWidth ? ">" : "")
                + " ".repeat(Math.max(0, barWidth - filled - 1))
                + "]  ";
      } else {
        head = start + " ";
      }
    } else {
      head = task + "  " + SPINNER[frames % SPINNER.length] + "  ";
      if (bytes > 0) {
        tail.append(ByteSizes.human(bytes)).append("  ");
        if (rate > 0) {
          tail.append(ByteSizes.human((long) rate)).append("/s  ");
        }
      }
      tail.append(clock((long) seconds));
    }
    String line = head + tail;
    return line.length() < width ? line : line.substring(0, Math.max(0, width - 2)) + "…";
  }

  /** {@code 0:07}, {@code 12:30}, {@code 1:02:03}. */
  static String clock(long s) {
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** The line that ends a phase cut short: what was stopped, and what that means. */
  synchronized String stoppedLine() {
    String where =
        total > 0
            ? String.format(Locale.ROOT, " at %d%%", Math.min(done.get(), total) * 100 / total)
            : "";
    return task + ": interrupted" + where + "; " + ifStopped;
  }

  /** The shutdown hook: ends the line of every phase still under way. */
  private static void interrupted() {
    for (TerminalProgress p : UNDER_WAY) {
      p.endInterrupted();
    }
  }

  private synchronized void endInterrupted() {
    if (task == null) {
      return;
    }
    if (ticking != null) {
      ticking.cancel(false);
    }
    String line = stoppedLine();
    err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())) + "\n");
    err.flush();
    drawnLength = 0;
    task = null;
  }
}
