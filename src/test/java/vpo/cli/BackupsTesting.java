package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.stream.Stream;
import vpo.testing.TestHome;

/** What the backups-listing and prune tests share: real backups, JSON, directory contents. */
final class BackupsTesting {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackupsTesting() {}

  /** Runs {@code vpo library backup --json}; returns its JSON report. */
  static JsonNode backup(TestHome home, String... more) {
    String[] args =
        Stream.concat(Stream.of("library", "backup", "--json"), Stream.of(more))
            .toArray(String[]::new);
    TestHome.Result r = home.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return json(r);
  }

  static JsonNode json(TestHome.Result r) {
    try {
      return JSON.readTree(r.out());
    } catch (IOException e) {
      throw new AssertionError("not one JSON document: " + r, e);
    }
  }

  /** Sleeps until the wall clock shows a later second than {@code t}. */
  static void waitForSecondAfter(Instant t) {
    Instant second = t.truncatedTo(ChronoUnit.SECONDS);
    while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(second)) {
      sleep(10);
    }
  }

  /** Sleeps until a new second has just begun, so the next moments share it. */
  static void waitForFreshSecond() {
    long ms = System.currentTimeMillis() % 1000;
    sleep(1000 - ms + 5);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** PRODUCT.md section 6, written out independently: 1024-based, one decimal. */
  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kib = bytes / 1024.0;
    if (kib < 1024) {
      return String.format(Locale.ROOT, "%.1f KB", kib);
    }
    double mib = kib / 1024.0;
    if (mib < 1024) {
      return String.format(Locale.ROOT, "%.1f MB", mib);
    }
    return String.format(Locale.ROOT, "%.1f GB", mib / 1024.0);
  }
}
