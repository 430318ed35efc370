package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.NativeSqlite;
import vpo.testing.TestHome;

/**
 * The job a schedule runs, run as the service manager would run it: {@code schedule enable} writes
 * the units into a temporary {@code XDG_CONFIG_HOME} (no service manager here, so it says how to
 * activate them), and the words of the service's {@code ExecStart=} and {@code Environment=} lines,
 * read back with {@link SystemdSyntax}, are run with exactly that environment plus {@code HOME}, no
 * terminal and standard input from {@code /dev/null}. The program is a stand-in for the launcher
 * (starting {@code vpo.Main} from the test classpath, as {@code ./vpo} starts it from the jar),
 * given to enable through {@code VPO_LAUNCHER}.
 */
class ScheduledJobTest {
  private static final String CHANGE_ONE_ROW =
      "UPDATE files SET scan_error = 'changed' WHERE id = (SELECT min(id) FROM files)";

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  private TestHome home;
  private Path configHome;

  @BeforeEach
  void home() {
    home = new TestHome(tmp);
    configHome = tmp.resolve("config home");
    home.env("XDG_CONFIG_HOME", configHome.toString());
    // The user's shell has a locale, as this JVM's has (it reads the awkward paths as UTF-8).
    for (String locale : List.of("LANG", "LC_ALL", "LC_CTYPE")) {
      home.env(locale, System.getenv(locale));
    }
  }

  @Test
  void theInstalledJobBacksUpThenSkipsThenBacksUpAChangeAndDisableRemovesOnlyItsFiles()
      throws Exception {
    Path library = library(tmp.resolve("x").resolve("my lib's.db"));
    home.env("VPO_LAUNCHER", standIn(tmp.resolve("my vpo").resolve("vpo")).toString());
    Path units = configHome.resolve("systemd").resolve("user");
    Path unrelated = ScheduleFixtures.write(units.resolve("unrelated.service"), "[Service]\n");

    TestHome.Result enable =
        home.run("--db", library.toString(), "library", "schedule", "enable", "--every", "daily");

    assertThat(enable.exitCode()).as(enable.toString()).isZero();
    String name = ScheduleName.forLibrary(library, home.home()).id();
    assertThat(DiskState.names(units))
        .containsExactlyInAnyOrder(name + ".service", name + ".timer", "unrelated.service");
    assertThat(enable.out())
        .as("without a service manager it says how to activate the schedule")
        .contains("systemctl --user daemon-reload && systemctl --user enable --now " + name);
    verifiedBySystemd(units.resolve(name + ".service"), units.resolve(name + ".timer"));

    Job job = Job.of(units.resolve(name + ".service"), home.home());
    assertThat(job.command())
        .endsWith("--db", library.toString(), "library", "backup", "--if-changed");
    assertThat(job.environment())
        .containsEntry("VPO_DATA_DIR", home.dataDir().toString())
        .containsEntry("VPO_SCHEDULED", "1");
    Path backups = home.dataDir().resolve("backups");

    ChildProcesses.Output first = job.run();
    assertThat(first.exitCode()).as("%s", first).isZero();
    List<Path> afterFirst = DiskState.archivesIn(backups);
    assertThat(afterFirst).hasSize(1);
    assertThat(first.out()).contains("Backup:", afterFirst.get(0).toString());
    assertQuiet(first);

    ChildProcesses.Output second = job.run();
    assertThat(second.exitCode()).as("%s", second).isZero();
    assertThat(second.out())
        .isEqualTo("Unchanged since " + afterFirst.get(0) + ": no backup written\n");
    assertThat(DiskState.archivesIn(backups)).isEqualTo(afterFirst);
    assertQuiet(second);

    LibraryFixture.execute(library, CHANGE_ONE_ROW);
    ChildProcesses.Output third = job.run();
    assertThat(third.exitCode()).as("%s", third).isZero();
    List<Path> afterThird = new ArrayList<>(DiskState.archivesIn(backups));
    afterThird.removeAll(afterFirst);
    assertThat(afterThird).hasSize(1);
    Path newest = afterThird.get(0);
    assertThat(changedRows(newest)).isEqualTo(1);
    assertQuiet(third);

    JsonNode status =
        CliAssertions.json(
            home.run("--db", library.toString(), "library", "schedule", "status", "--json"));
    assertThat(status.path("installed").asBoolean()).isTrue();
    assertThat(status.path("every").asText()).isEqualTo("daily");
    JsonNode last = status.path("last_run");
    assertThat(last.path("outcome").asText()).isEqualTo("success");
    assertThat(last.path("archive").asText()).isEqualTo(newest.toString());
    assertThat(last.path("scheduled").asBoolean()).isTrue();
    assertThat(BackupRunLog.in(home.dataDir()).forLibrary(library).all())
        .extracting(r -> r.outcome().word() + (r.scheduled() ? " scheduled" : ""))
        .containsExactly("success scheduled", "skipped scheduled", "success scheduled");

    SortedMap<String, String> everythingElse =
        DiskState.of(tmp, units, home.dataDir().resolve("logs"));
    TestHome.Result disable =
        home.run("--db", library.toString(), "library", "schedule", "disable");

    assertThat(disable.exitCode()).as(disable.toString()).isZero();
    assertThat(DiskState.names(units)).containsExactly("unrelated.service");
    assertThat(unrelated).hasContent("[Service]");
    assertThat(DiskState.of(tmp, units, home.dataDir().resolve("logs")))
        .as("disable removed its files and nothing else")
        .isEqualTo(everythingElse);
    JsonNode after =
        CliAssertions.json(
            home.run("--db", library.toString(), "library", "schedule", "status", "--json"));
    assertThat(after.path("installed").asBoolean()).isFalse();
  }

  /**
   * The library, the program and the data directory in places with blanks, quotes, backslashes,
   * {@code %} and {@code $}: the unit's words and the crontab line both run the backup of exactly
   * that library, and a home directory the job does not expect gets nothing written into it.
   */
  @Test
  void awkwardPathsReachTheJobIntactThroughTheUnitAndTheCrontabLine() throws Exception {
    Path awkward = tmp.resolve(ScheduleFixtures.AWKWARD);
    Path library = library(awkward.resolve("my lib's \"best\" 100%.db"));
    Path dataDir = awkward.resolve("data $dir");
    home.env("VPO_DATA_DIR", dataDir.toString());
    home.env("VPO_LAUNCHER", standIn(awkward.resolve("bin").resolve("vpo")).toString());

    TestHome.Result enable =
        home.run("--db", library.toString(), "library", "schedule", "enable", "--every", "hourly");
    assertThat(enable.exitCode()).as(enable.toString()).isZero();
    String name = ScheduleName.forLibrary(library, home.home()).id();
    Path units = configHome.resolve("systemd").resolve("user");
    verifiedBySystemd(units.resolve(name + ".service"), units.resolve(name + ".timer"));

    Path elsewhere = Files.createDirectories(tmp.resolve("another home"));
    Job job = Job.of(units.resolve(name + ".service"), elsewhere);
    ChildProcesses.Output first = job.run();

    assertThat(first.exitCode()).as("%s", first).isZero();
    List<Path> archives = DiskState.archivesIn(dataDir.resolve("backups"));
    assertThat(archives).hasSize(1);
    assertThat(
            LibraryFixture.queryLong(
                archiveDb(archives.get(0)), Access.READ_ONLY, "SELECT count(*) FROM files"))
        .isEqualTo(
            LibraryFixture.queryLong(library, Access.READ_ONLY, "SELECT count(*) FROM files"));
    assertThat(DiskState.names(elsewhere)).as("nothing written to HOME").isEmpty();

    // The crontab line, as cron runs it: the command through /bin/sh, \% read as %.
    TestHome.Result print =
        home.run(
            "--db",
            library.toString(),
            "library",
            "schedule",
            "enable",
            "--every",
            "hourly",
            "--print",
            "--json");
    String line = CliAssertions.json(print).path("crontab").asText();
    LibraryFixture.execute(library, CHANGE_ONE_ROW);
    ChildProcesses.Output cron = cron(line, elsewhere);

    assertThat(cron.exitCode()).as("%s", cron).isZero();
    List<Path> now = new ArrayList<>(DiskState.archivesIn(dataDir.resolve("backups")));
    now.removeAll(archives);
    assertThat(now).hasSize(1);
    assertThat(changedRows(now.get(0))).isEqualTo(1);
    assertThat(DiskState.names(elsewhere)).as("nothing written to HOME").isEmpty();
  }

  /** The job of a service file: its command line and environment as systemd reads them. */
  private record Job(List<String> command, Map<String, String> environment, Path home) {
    static Job of(Path service, Path home) throws IOException {
      List<String> command = null;
      Map<String, String> env = new LinkedHashMap<>();
      for (String line : Files.readAllLines(service)) {
        if (line.startsWith("ExecStart=")) {
          assertThat(command).as("one ExecStart").isNull();
          command = SystemdSyntax.commandLine(line.substring("ExecStart=".length()));
        } else if (line.startsWith("Environment=")) {
          for (String assignment :
              SystemdSyntax.environment(line.substring("Environment=".length()))) {
            int eq = assignment.indexOf('=');
            assertThat(eq).as(assignment).isPositive();
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
          }
        }
      }
      assertThat(command).as("ExecStart in %s", service).isNotNull();
      return new Job(command, env, home);
    }

    /**
     * Runs the job as systemd would: this environment and HOME only, no terminal, standard input
     * {@code /dev/null}, in the root directory.
     */
    ChildProcesses.Output run() {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().clear();
      pb.environment().putAll(environment);
      pb.environment().put("HOME", home.toString());
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.directory(new File("/"));
      try (ChildProcesses p = new ChildProcesses()) {
        return p.run(180, pb);
      }
    }
  }

  /** Runs a crontab line's command as cron does. */
  private static ChildProcesses.Output cron(String line, Path home) {
    String[] fields = line.split(" ", 6);
    assertThat(fields).as(line).hasSize(6);
    StringBuilder command = new StringBuilder();
    String rest = fields[5];
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '\\' && i + 1 < rest.length() && rest.charAt(i + 1) == '%') {
        command.append('%');
        i++;
      } else {
        assertThat(c).as("an unescaped %% ends cron's command: %s", line).isNotEqualTo('%');
        command.append(c);
      }
    }
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command.toString());
    pb.environment().clear();
    pb.environment()
        .putAll(Map.of("HOME", home.toString(), "SHELL", "/bin/sh", "PATH", "/usr/bin:/bin"));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.directory(home.toFile());
    try (ChildProcesses p = new ChildProcesses()) {
      return p.run(180, pb);
    }
  }

  /** A populated library at {@code file}. */
  private static Path library(Path file) {
    LibraryFixture.createV27(file);
    LibraryFixture.populate(file, 80, 31);
    return file;
  }

  /**
   * A stand-in for the launcher at {@code file}: {@code java -cp <vpo's classpath> vpo.Main "$@"},
   * telling vpo which streams are terminals as {@code ./vpo} does.
   */
  private static Path standIn(Path file) throws IOException {
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.add("-XX:+UseSerialGC");
    java.add("-XX:TieredStopAtLevel=1");
    java.addAll(NativeSqlite.jvmOptions());
    java.add("-cp");
    java.add(TestHome.classpath());
    StringBuilder script = new StringBuilder("#!/bin/sh\n");
    script.append("tty=\n");
    script.append("[ -t 0 ] && tty=\"${tty}i\"\n");
    script.append("[ -t 1 ] && tty=\"${tty}o\"\n");
    script.append("[ -t 2 ] && tty=\"${tty}e\"\n");
    script.append("exec");
    for (String word : java) {
      script.append(' ').append(shellQuoted(word));
    }
    script.append(" \"-Dvpo.tty=$tty\" vpo.Main \"$@\"\n");
    ScheduleFixtures.write(file, script.toString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private static String shellQuoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** {@code systemd-analyze verify} accepts the units (skipped where systemd is not installed). */
  private static void verifiedBySystemd(Path... units) {
    List<String> command = new ArrayList<>();
    command.add(ScheduleFixtures.systemdAnalyze().toString());
    command.add("verify");
    command.add("--man=no");
    for (Path unit : units) {
      command.add(unit.toString());
    }
    try (ChildProcesses p = new ChildProcesses()) {
      ChildProcesses.Output o = p.run(120, command);
      assertThat(o.exitCode()).as("%s", o).isZero();
      assertThat(o.err() + o.out()).as("systemd's warnings").isBlank();
    }
  }

  /** A job's output has no stack trace and nothing meant for a terminal. */
  private static void assertQuiet(ChildProcesses.Output o) {
    assertThat(o.out() + o.err()).doesNotContain("\tat ", "Exception", "\r", "\u001b");
    assertThat(o.err()).as("stderr of a good run").isEmpty();
  }

  private Path archiveDb(Path archive) {
    Path db = tmp.resolve("extracted-" + archive.getFileName() + ".db");
    ArchiveSeenByCommonsCompress seen = ArchiveSeenByCommonsCompress.read(archive, db);
    assertThat(seen.problem()).as(archive.toString()).isNull();
    return db;
  }

  private long changedRows(Path archive) {
    return LibraryFixture.queryLong(
        archiveDb(archive),
        Access.READ_ONLY,
        "SELECT count(*) FROM files WHERE scan_error = 'changed'");
  }
}
