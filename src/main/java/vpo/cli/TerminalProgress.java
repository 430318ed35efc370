package vpo.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import vpo.progress.ProgressListener;

/**
 * A progress bar on stderr with bytes, rate and ETA. Appears only when stderr is a terminal and not
 * under {@code --json}, and only for work that runs past about a second.
 */
final class TerminalProgress implements ProgressListener {
  private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
  private final PrintStream err;
  private final AtomicLong done = new AtomicLong();
  private volatile String task;
  private volatile long total;
  private volatile long startedNanos;
  private ProgressBar bar;

  private TerminalProgress(PrintStream err) {
    this.err = err;
  }

  static ProgressListener forSession(Session session, boolean json) {
    if (json || !session.environment().stderrTerminal()) {
      return ProgressListener.NONE;
    }
    return new TerminalProgress(
        new PrintStream(session.environment().stderr(), true, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void start(String task, long totalBytes) {
    finish();
    this.task = task;
    this.total = totalBytes;
    this.done.set(0);
    this.startedNanos = System.nanoTime();
  }

  @Override
  public void advance(long bytes) {
    long now = done.addAndGet(bytes);
    if (bar == null && System.nanoTime() - startedNanos < SHOW_AFTER_NANOS) {
      return;
    }
    synchronized (this) {
      if (task == null) {
        return;
      }
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setUnit(" MB", 1024 * 1024)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err, 100))
                .setUpdateIntervalMillis(200)
                .build();
      }
      bar.stepTo(now);
    }
  }

  @Override
  public synchronized void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    task = null;
  }
}
