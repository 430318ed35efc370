package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.schedule.ScheduleFixtures.AWKWARD;
import static vpo.schedule.ScheduleFixtures.RUNNABLE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;

/**
 * The systemd units: systemd itself accepts them ({@code systemd-analyze verify}, which needs no
 * running systemd: it loads the files in a private manager, resolves specifiers and checks that the
 * program exists and is executable), and the job receives exactly its arguments and environment.
 *
 * <p>How the quoting is proven: systemd cannot run a unit here, and no tool of it prints a parsed
 * command line. So (1) {@code systemd-analyze verify} is given units whose program path is an
 * awkward name vpo quoted, and succeeds only if systemd's reading of the quoted word names that
 * very file; (2) {@link SystemdSyntax}, an independent reader written from systemd.syntax(7), reads
 * the same words as systemd does in (1), and reads every {@code ExecStart=} and {@code
 * Environment=} vpo writes back to exactly the job's words; (3) the words it reads are run, and the
 * program reports that each argument arrived unchanged.
 */
class SystemdUnitsTest {
  @TempDir Path tmp;

  private ScheduledBackup backup(Path programDir, Schedule schedule) throws Exception {
    Path program = ScheduleFixtures.argumentPrinter(programDir, "vpo");
    Path library = tmp.resolve(AWKWARD).resolve("library ü.db");
    return ScheduleFixtures.backup(
        tmp.resolve("home"), library, tmp.resolve("data %d"), program, schedule);
  }

  private ChildProcesses.Output verify(Path... units) {
    List<String> command = new ArrayList<>();
    command.add(ScheduleFixtures.systemdAnalyze().toString());
    command.add("verify");
    command.add("--man=no");
    for (Path unit : units) {
      command.add(unit.toString());
    }
    try (ChildProcesses p = new ChildProcesses()) {
      return p.run(120, command);
    }
  }

  private Path[] install(ScheduledBackup b, Path dir) throws Exception {
    return new Path[] {
      ScheduleFixtures.write(dir.resolve(b.name().serviceFile()), SystemdUnits.service(b)),
      ScheduleFixtures.write(dir.resolve(b.name().timerFile()), SystemdUnits.timer(b))
    };
  }

  private static String line(String unit, String key) {
    return unit.lines()
        .filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + "= in\n" + unit));
  }

  @Test
  void unitsPassSystemdAnalyzeVerifyForEverySchedule() throws Exception {
    int i = 0;
    for (Schedule s :
        List.of(
            Schedule.parse("hourly", ":15"),
            Schedule.parse("daily", "02:30"),
            Schedule.parse("weekly", "Sun 04:05"))) {
      for (String programDir : List.of(RUNNABLE, AWKWARD)) {
        ScheduledBackup b = backup(tmp.resolve("p" + i).resolve(programDir), s);
        ChildProcesses.Output o = verify(install(b, tmp.resolve("units" + i++)));

        assertThat(o.exitCode()).as("%s", o).isZero();
        assertThat(o.err() + o.out()).as("systemd's warnings").isBlank();
      }
    }
  }

  @Test
  void verifyWouldNoticeAMissingProgram() throws Exception {
    ScheduledBackup b = backup(tmp.resolve(RUNNABLE), Schedule.parse("daily", null));
    Path[] units = install(b, tmp.resolve("units"));
    java.nio.file.Files.delete(Path.of(b.job().program()));

    ChildProcesses.Output o = verify(units);

    assertThat(o.exitCode()).isNotZero();
    assertThat(o.err()).contains("is not executable");
  }

  @Test
  void systemdReadsEachQuotedProgramPathAsTheFileItNames() throws Exception {
    List<String> names = new ArrayList<>(List.of(RUNNABLE, "50%", "%%", "a%n", ";", "#x", "-- x"));
    names.addAll(List.of("ünï→", "&<x>", "a=b", "tab\tfree not", "x;", "sp  two"));
    names.replaceAll(n -> n.replace('\t', ' '));
    List<Path> units = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Path program = ScheduleFixtures.argumentPrinter(tmp.resolve("bin" + i), names.get(i));
      String execStart = SystemdUnits.execStart(List.of(program.toString()));
      assertThat(SystemdSyntax.commandLine(execStart)).containsExactly(program.toString());
      units.add(
          ScheduleFixtures.write(
              tmp.resolve("units").resolve("p" + i + ".service"),
              "[Service]\nType=oneshot\nExecStart=" + execStart + "\n"));
    }

    ChildProcesses.Output o = verify(units.toArray(Path[]::new));

    assertThat(o.exitCode()).as("%s", o).isZero();
    assertThat(o.err()).isBlank();
  }

  @Test
  void aProgramPathSystemdCannotRunIsStartedThroughSh() throws Exception {
    ScheduledBackup b = backup(tmp.resolve(AWKWARD), Schedule.parse("daily", null));

    List<String> words = SystemdSyntax.commandLine(line(SystemdUnits.service(b), "ExecStart"));

    assertThat(words.subList(0, 3)).isEqualTo(SystemdUnits.SHELL_EXEC);
    assertThat(words.subList(3, words.size())).isEqualTo(b.job().command());
  }

  @Test
  void theJobReceivesEveryArgumentExactly() throws Exception {
    for (String programDir : List.of(RUNNABLE, AWKWARD)) {
      ScheduledBackup b = backup(tmp.resolve(programDir), Schedule.parse("daily", null));
      List<String> argv = SystemdSyntax.commandLine(line(SystemdUnits.service(b), "ExecStart"));

      List<String> received = ScheduleFixtures.argumentsReceived(argv, Map.of());

      List<String> expected = b.job().command();
      assertThat(received).isEqualTo(expected.subList(1, expected.size()));
      assertThat(received)
          .contains("--db", b.library().toString(), "library", "backup", "--if-changed", "--prune")
          .contains("/mnt/off site/50% $HOME");
    }
  }

  @Test
  void environmentLinesReadBackExactlyAndHoldNoSecret() throws Exception {
    ScheduledBackup b = backup(tmp.resolve(RUNNABLE), Schedule.parse("daily", null));
    String service = SystemdUnits.service(b);

    Map<String, String> read = new HashMap<>();
    for (String l : service.lines().filter(l -> l.startsWith("Environment=")).toList()) {
      List<String> words = SystemdSyntax.environment(l.substring("Environment=".length()));
      assertThat(words).hasSize(1);
      String[] kv = words.get(0).split("=", 2);
      read.put(kv[0], kv[1]);
    }

    assertThat(read).isEqualTo(b.job().environment());
    assertThat(read).containsEntry("VPO_SCHEDULED", "1");
    assertThat(read).containsEntry("AWS_PROFILE", "backup 'q' \"dq\" back\\slash %i $X");
    assertThat(service).doesNotContain("AWS_SECRET_ACCESS_KEY").doesNotContain("not-to-be-written");
    assertThat(b.job().withheld()).containsExactly("AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void aPlainJobReadsAsWritten() {
    BackupJob job =
        BackupJob.of(
            List.of("/opt/vpo/vpo"),
            null,
            null,
            false,
            List.of(),
            Map.of("VPO_DATA_DIR", "/home/ann/.vpo", "PATH", "/usr/bin:/bin"));
    ScheduledBackup b =
        ScheduledBackup.of(
            Path.of("/home/ann/.vpo/library.db"),
            Path.of("/home/ann"),
            Path.of("/home/ann/.vpo"),
            Schedule.parse("daily", "02:30"),
            job);

    assertThat(SystemdUnits.service(b))
        .isEqualTo(
            """
            # Written by vpo (vpo library schedule enable); remove it with: vpo library schedule disable
            # Started by vpo-backup.timer
            [Unit]
            Description=vpo backup of /home/ann/.vpo/library.db (daily at 02:30)

            [Service]
            Type=oneshot
            ExecStart=/opt/vpo/vpo library backup --if-changed
            Environment=PATH=/usr/bin:/bin
            Environment=VPO_DATA_DIR=/home/ann/.vpo
            Environment=VPO_SCHEDULED=1
            Nice=10
            IOSchedulingClass=best-effort
            IOSchedulingPriority=7
            TimeoutStartSec=6h
            SyslogIdentifier=vpo-backup
            """);
    String timer = SystemdUnits.timer(b);
    assertThat(timer)
        .startsWith("# Written by vpo (vpo library schedule enable)")
        .contains(
            """
            [Timer]
            OnCalendar=*-*-* 02:30:00
            Persistent=true
            Unit=vpo-backup.service

            [Install]
            WantedBy=timers.target
            """);
    assertThat(ScheduleMarker.find(timer, Path.of("t"))).contains(b);
  }

  @Test
  void theTimerCarriesTheScheduleVpoReadsBack() throws Exception {
    ScheduledBackup b = backup(tmp.resolve(AWKWARD), Schedule.parse("weekly", "Sat 23:59"));

    ScheduledBackup read = ScheduleMarker.find(SystemdUnits.timer(b), Path.of("t")).orElseThrow();

    assertThat(read.job().withheld()).isEmpty();
    assertThat(read)
        .isEqualTo(
            new ScheduledBackup(
                b.name(),
                b.library(),
                b.dataDir(),
                b.schedule(),
                new BackupJob(b.job().command(), b.job().environment(), List.of())));
    assertThat(ScheduleMarker.find(SystemdUnits.service(b), Path.of("s"))).isEmpty();
  }

  @Test
  void aLibraryPathThatLooksLikeTheMarkerIsNotTakenForIt() throws Exception {
    Path program = ScheduleFixtures.argumentPrinter(tmp.resolve("bin"), "vpo");
    Path library = tmp.resolve("# vpo-schedule: {").resolve("<!-- vpo-schedule: x -->");
    ScheduledBackup b =
        ScheduleFixtures.backup(
            tmp.resolve("home"), library, tmp.resolve("d"), program, Schedule.parse("daily", null));

    assertThat(ScheduleMarker.find(SystemdUnits.service(b), Path.of("s"))).isEmpty();
    assertThat(ScheduleMarker.find(SystemdUnits.timer(b), Path.of("t")).orElseThrow().library())
        .isEqualTo(library);
    assertThat(ScheduleMarker.find(LaunchdAgent.plist(b), Path.of("p")).orElseThrow().library())
        .isEqualTo(library);
  }
}
