package vpo.archive;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the worker threads of the parallel gzip writer and reader. */
final class WorkerPools {
  private WorkerPools() {}

  /**
   * Stops {@code pool}, then runs {@code releaseIdle} (which frees native zlib state) only once no
   * worker can still be using it. A worker finishes its current block first (zlib does not notice
   * interrupts): well under a second for the largest block.
   */
  static void stop(ExecutorService pool, Runnable releaseIdle) {
    pool.shutdownNow();
    boolean interrupted = false;
    boolean stopped = false;
    try {
      stopped = pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (stopped) {
      releaseIdle.run();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
