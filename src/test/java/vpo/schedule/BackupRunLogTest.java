package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;

/** The record of runs: bounded, newest first, whole lines only, and shared safely by processes. */
class BackupRunLogTest {
  @TempDir Path data;
  private final ChildProcesses processes = new ChildProcesses();
  private final Path library = Path.of("/libraries/main.db");
  private final Instant t0 = Instant.parse("2026-12-01T02:00:00Z");

  @AfterEach
  void stopChildren() {
    processes.close();
  }

  private BackupRun failed(int minute, String error) {
    Instant at = t0.plusSeconds(60L * minute);
    return BackupRun.failed(library, at, at.plusSeconds(5), error, 1, true);
  }

  private BackupRun succeeded(int minute, String archive) {
    Instant at = t0.plusSeconds(60L * minute);
    return BackupRun.succeeded(library, at, at.plusSeconds(5), archive, true);
  }

  private BackupRun skipped(int minute) {
    Instant at = t0.plusSeconds(60L * minute);
    return BackupRun.skipped(library, at, at.plusSeconds(1), "/b/newest.tar.gz", false);
  }

  @Test
  void newestFirstWithTheQueriesForTheLastOfEachKind() throws Exception {
    BackupRunLog log = BackupRunLog.in(data);
    assertThat(log.all()).isEmpty();
    assertThat(log.last()).isEmpty();

    log.append(succeeded(0, "/b/one.tar.gz"));
    log.append(failed(1, "disk full"));
    log.append(succeeded(2, "s3://bucket/two.tar.gz"));
    log.append(skipped(3));

    assertThat(log.all())
        .extracting(BackupRun::outcome)
        .containsExactly(
            BackupRun.Outcome.SKIPPED,
            BackupRun.Outcome.SUCCESS,
            BackupRun.Outcome.FAILED,
            BackupRun.Outcome.SUCCESS);
    assertThat(log.last()).contains(skipped(3));
    assertThat(log.lastFailure()).contains(failed(1, "disk full"));
    assertThat(log.lastSuccess()).contains(succeeded(2, "s3://bucket/two.tar.gz"));
    assertThat(data.resolve("backup-runs.jsonl")).exists();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("backup-runs.jsonl"))))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp file left behind")
          .containsExactlyInAnyOrder("backup-runs.jsonl", "backup-runs.lock");
    }
  }

  @Test
  void recordsReadBackExactly() throws Exception {
    BackupRunLog log = BackupRunLog.in(data);
    BackupRun run =
        BackupRun.failed(
            Path.of("/x y/ü \"q\".db"),
            t0,
            t0.plusSeconds(3),
            "disk full:\n  no space left\ton device",
            5,
            true);

    log.append(run);

    assertThat(log.all()).containsExactly(run);
    assertThat(run.error()).isEqualTo("disk full: no space left on device");
    assertThat(Files.readString(data.resolve("backup-runs.jsonl")))
        .isEqualTo(
            "{\"library\":\"/x y/ü \\\"q\\\".db\",\"started_at\":\"2026-12-01T02:00:00Z\","
                + "\"finished_at\":\"2026-12-01T02:00:03Z\",\"outcome\":\"failed\",\"archive\":null,"
                + "\"error\":\"disk full: no space left on device\",\"exit_code\":5,\"scheduled\":true}\n");
  }

  @Test
  void keepsTheNewestRunsOfEachLibrary() throws Exception {
    BackupRunLog log = new BackupRunLog(data.resolve("backup-runs.jsonl"), 5, null);
    Path other = Path.of("/libraries/other.db");
    log.append(BackupRun.succeeded(other, t0, t0, "/b/other.tar.gz", true));
    for (int i = 0; i < 8; i++) {
      log.append(failed(i, "error " + i));
    }

    assertThat(log.forLibrary(library).all())
        .extracting(BackupRun::error)
        .containsExactly("error 7", "error 6", "error 5", "error 4", "error 3");
    assertThat(log.forLibrary(other).all())
        .extracting(BackupRun::archive)
        .containsExactly("/b/other.tar.gz");
    assertThat(Files.readAllLines(data.resolve("backup-runs.jsonl"))).hasSize(6);
  }

  @Test
  void aDamagedLineIsSkippedAndTheNextAppendDropsIt() throws Exception {
    BackupRunLog log = BackupRunLog.in(data);
    log.append(succeeded(0, "/b/one.tar.gz"));
    log.append(failed(1, "disk full"));
    Path file = data.resolve("backup-runs.jsonl");
    String good = Files.readString(file);
    // A line cut short (as a disk might leave it), and lines of the wrong shape.
    Files.writeString(
        file,
        good
            + "{\"library\":\"/libraries/main.db\",\"started_at\":\"2026-12-01T02:10:00Z\",\"fin"
            + "\n[1,2]\n{\"library\":\"/libraries/main.db\",\"outcome\":\"success\"}\n"
            + "{\"library\":\"/libraries/main.db\",\"started_at\":\"x\",\"finished_at\":\"x\",\"outcome\":\"failed\",\"exit_code\":1,\"scheduled\":false}\n"
            + "{\"library\":\"/libraries/main.db\",\"started_at\":\"2026-12-01T02:11:00Z\",\"fin");

    assertThat(log.all()).containsExactly(failed(1, "disk full"), succeeded(0, "/b/one.tar.gz"));

    log.append(skipped(2));

    assertThat(log.all())
        .containsExactly(skipped(2), failed(1, "disk full"), succeeded(0, "/b/one.tar.gz"));
    assertThat(Files.readAllLines(file)).hasSize(3);
  }

  @Test
  void twoProcessesAppendingAtOnceLoseNothing() throws Exception {
    Path file = data.resolve("backup-runs.jsonl");
    Path go = data.resolve("go");
    int each = 60;
    List<Process> writers = new ArrayList<>();
    for (String tag : List.of("a", "b")) {
      Process p =
          processes.start(
              ChildProcesses.java(
                      RunLogWriter.class,
                      file.toString(),
                      "1000",
                      library.toString(),
                      tag,
                      String.valueOf(each),
                      go.toString())
                  .redirectErrorStream(true));
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");
      writers.add(p);
    }
    // This process writes too, in the same moments.
    BackupRunLog log = new BackupRunLog(file, 1000, null);
    Files.createFile(go);
    for (int i = 0; i < each; i++) {
      log.append(BackupRun.failed(library, t0, t0, "c-" + i, 1, false));
    }
    for (Process p : writers) {
      assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue())
          .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isZero();
    }

    List<String> errors = new ArrayList<>(log.all().stream().map(BackupRun::error).toList());
    java.util.Collections.reverse(errors);

    assertThat(errors).hasSize(3 * each).doesNotHaveDuplicates();
    assertThat(Files.readAllLines(file)).hasSize(3 * each);
    for (String tag : List.of("a", "b", "c")) {
      // Each writer's runs are all there, in the order it wrote them.
      List<String> own = errors.stream().filter(e -> e.startsWith(tag + "-")).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        expected.add(tag + "-" + i);
      }
      assertThat(own).isEqualTo(expected);
    }
  }

  @Test
  void scheduledIsToldByTheVariableTheUnitsSet() {
    assertThat(BackupRun.isScheduled(java.util.Map.of("VPO_SCHEDULED", "1"))).isTrue();
    assertThat(BackupRun.isScheduled(java.util.Map.of())).isFalse();
    assertThat(BackupRun.isScheduled(java.util.Map.of("VPO_SCHEDULED", "0"))).isFalse();
  }
}
