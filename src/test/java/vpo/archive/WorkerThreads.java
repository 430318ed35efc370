package vpo.archive;

import java.util.ArrayList;
import java.util.List;

/** The archive layer's worker threads, which must all end when a stream is closed or fails. */
final class WorkerThreads {
  private WorkerThreads() {}

  /** Waits for this package's worker threads to end and reports any still alive. */
  static List<String> stillAlive() throws InterruptedException {
    List<String> alive = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("vpo-gzip-") || name.startsWith("vpo-gunzip-")) {
        thread.join(10_000);
        if (thread.isAlive()) {
          alive.add(name);
        }
      }
    }
    return alive;
  }
}
