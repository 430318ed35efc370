package vpo.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A second process appending to a run record, for {@link BackupRunLogTest}: {@code RunLogWriter
 * FILE KEEP LIBRARY TAG COUNT GO}. It says "ready", waits until the file GO exists (so that the
 * writers start together), then appends COUNT failed runs whose errors are {@code TAG-0}, {@code
 * TAG-1}, ...
 */
public final class RunLogWriter {
  private RunLogWriter() {}

  public static void main(String[] args) throws Exception {
    BackupRunLog log = new BackupRunLog(Path.of(args[0]), Integer.parseInt(args[1]), null);
    Path library = Path.of(args[2]);
    String tag = args[3];
    int count = Integer.parseInt(args[4]);
    Path go = Path.of(args[5]);
    System.out.println("ready");
    System.out.flush();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("never told to go");
      }
      Thread.sleep(5);
    }
    for (int i = 0; i < count; i++) {
      Instant now = Instant.now();
      log.append(BackupRun.failed(library, now, now, tag + "-" + i, 1, false));
    }
  }
}
