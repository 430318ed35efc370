package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.LibraryFixture;
import vpo.testing.Python;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Failures are visible: every backup run records its outcome, a failed one exits non-zero, and
 * {@code vpo library info} and {@code vpo library backups} start with a warning when the last
 * attempt failed or when a scheduled library's newest backup is older than twice the schedule's
 * period. Failures made for real: {@code -o} under a file (as root, permissions stop nothing), a
 * library another process holds locked.
 */
class BackupFailureVisibleTest {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** Switches the library to a rollback journal and holds an exclusive lock until killed. */
  private static final String HOLD_EXCLUSIVE =
      """
      import sqlite3, sys, time
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("PRAGMA journal_mode=DELETE")
      c.execute("BEGIN EXCLUSIVE")
      c.execute("UPDATE files SET scan_status = scan_status WHERE id = 1")
      print("locked", flush=True)
      time.sleep(600)
      """;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;

  @BeforeEach
  void home() {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 60, 41);
    home.env("XDG_CONFIG_HOME", tmp.resolve("config").toString());
  }

  @Test
  void aBackupThatCannotWriteIsRecordedAndInfoAndBackupsSaySoFirst() throws Exception {
    home.backup();
    Path file = Files.writeString(tmp.resolve("a file"), "not a directory");
    Instant before = Instant.now();

    TestHome.Result failed =
        home.run("library", "backup", "-o", file.resolve("backups").toString() + "/");

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    String error = CliAssertions.errorLines(failed).get(0).substring("Error: ".length());
    String warning = "The last backup attempt failed at " + lastRunFinished(before) + ": " + error;
    assertWarnedFirst(warning);

    // A good run ends the warning.
    home.backup();
    assertThat(home.run("library", "info").out()).doesNotContain("Warning:");
    assertThat(CliAssertions.json(home.run("library", "backups", "--json")).has("warning"))
        .isFalse();
  }

  @Test
  void aBackupOfALockedLibraryIsRecordedWithItsExitCode() throws Exception {
    Process holder =
        children.start(
            new ProcessBuilder(Python.command(HOLD_EXCLUSIVE, home.library().toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT));
    assertThat(ChildProcesses.firstLine(holder)).isEqualTo("locked");
    home.env("VPO_BUSY_TIMEOUT_MS", "500");
    Instant before = Instant.now();

    ChildProcesses.Output failed = children.run(120, home.processBuilder("library", "backup"));

    assertThat(failed.exitCode()).as("%s", failed).isEqualTo(4);
    ChildProcesses.kill(holder);
    String error = failed.err().strip().substring("Error: ".length());
    assertThat(error).contains("locked");
    assertWarnedFirst(
        "The last backup attempt failed at " + lastRunFinished(before) + ": " + error);
    JsonNode status = CliAssertions.json(home.run("library", "schedule", "status", "--json"));
    assertThat(status.path("last_run").path("outcome").asText()).isEqualTo("failed");
    assertThat(status.path("last_run").path("exit_code").asInt()).isEqualTo(4);
  }

  @Test
  void aDailyScheduleWhoseNewestBackupIsThreeDaysOldWarns() throws Exception {
    home.env("VPO_LAUNCHER", "/opt/vpo/vpo");
    TestHome.Result enable = home.run("library", "schedule", "enable", "--every", "daily");
    assertThat(enable.exitCode()).as(enable.toString()).isZero();
    Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3).plusHours(1));
    oldArchive(threeDaysAgo);

    assertWarnedFirst(
        "Newest backup is 3 days old; the daily schedule has not run yet"
            + " (see vpo library schedule status)");

    // The schedule's run fails: the warning says how, as the issue shows it.
    home.env("VPO_SCHEDULED", "1");
    Path file = Files.writeString(tmp.resolve("a file"), "not a directory");
    Instant before = Instant.now();
    TestHome.Result failed =
        home.run("library", "backup", "--if-changed", "-o", file.resolve("x").toString() + "/");
    assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
    String error = CliAssertions.errorLines(failed).get(0).substring("Error: ".length());

    assertWarnedFirst(
        "Newest backup is 3 days old; the daily schedule last failed at "
            + lastRunFinished(before)
            + ": "
            + error);

    // The schedule's next run succeeds: nothing to warn about.
    TestHome.Result ok = home.run("library", "backup", "--if-changed");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(home.run("library", "info").out()).doesNotContain("Warning:");
  }

  /** An archive of the library as it is, made {@code created} ago, in the backup directory. */
  private void oldArchive(Instant created) throws Exception {
    Path copy = tmp.resolve("copy.db");
    Files.copy(home.library(), copy);
    LibraryFixture.selfContained(copy);
    Instant at = created.truncatedTo(ChronoUnit.SECONDS);
    String name =
        "vpo-library-"
            + DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(at)
            + ".tar.gz";
    ArchiveBuilder.of(copy).createdAt(at).writeTo(home.backups().resolve(name));
  }

  /**
   * {@code info} and {@code backups} print {@code warning} as their first line (then a blank line),
   * and as {@code warning} in JSON.
   */
  private void assertWarnedFirst(String warning) {
    for (List<String> command :
        List.of(List.of("library", "info"), List.of("library", "backups"))) {
      TestHome.Result text = home.run(command.toArray(String[]::new));
      assertThat(text.exitCode()).as(text.toString()).isZero();
      assertThat(text.out().lines().limit(2).toList())
          .as("%s", command)
          .containsExactly("Warning: " + warning, "");
      TestHome.Result json = home.run(concat(command, "--json"));
      assertThat(CliAssertions.json(json).path("warning").asText())
          .as("%s --json", command)
          .isEqualTo(warning);
    }
  }

  private static String[] concat(List<String> command, String more) {
    String[] all = command.toArray(new String[command.size() + 1]);
    all[command.size()] = more;
    return all;
  }

  /**
   * When the last recorded run finished, to the minute, as warnings show it; checked to lie between
   * {@code before} and now.
   */
  private String lastRunFinished(Instant before) {
    JsonNode status = CliAssertions.json(home.run("library", "schedule", "status", "--json"));
    Instant finished = Instant.parse(status.path("last_run").path("finished_at").asText());
    assertThat(finished)
        .isBetween(before.truncatedTo(ChronoUnit.SECONDS), Instant.now().plusSeconds(1));
    return MINUTE.format(finished);
  }
}
