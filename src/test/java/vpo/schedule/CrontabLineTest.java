package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.schedule.ScheduleFixtures.AWKWARD;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.ShellQuoting;

/**
 * The crontab line, run the way cron runs it: cron turns {@code \%} into {@code %} and cuts the
 * command at the first other {@code %} (Vixie cron and cronie, do_command.c), then gives the rest
 * to {@code /bin/sh -c}. {@link #asCronRunsIt} does the first step, a real {@code sh} the second,
 * and the program reports its arguments.
 */
class CrontabLineTest {
  @TempDir Path tmp;

  /** The command part of a crontab line as cron hands it to sh. */
  static String asCronRunsIt(String command) {
    StringBuilder b = new StringBuilder();
    boolean escaped = false;
    for (char c : command.toCharArray()) {
      if (escaped) {
        if (c == '%') {
          b.setLength(b.length() - 1);
        }
        b.append(c);
        escaped = false;
        continue;
      }
      if (c == '\\') {
        escaped = true;
      } else if (c == '%') {
        break; // the rest would be the job's standard input
      }
      b.append(c);
    }
    return b.toString();
  }

  @Test
  void shReceivesEveryArgumentAndVariableExactly() throws Exception {
    Path program = ScheduleFixtures.argumentPrinter(tmp.resolve(AWKWARD), "vpo");
    ScheduledBackup b =
        ScheduleFixtures.backup(
            tmp.resolve("home"),
            tmp.resolve(AWKWARD).resolve("a\\%b.db"),
            tmp.resolve("data"),
            program,
            Schedule.parse("daily", "02:30"));
    String line = CrontabLine.render(b);
    assertThat(line).startsWith("30 2 * * * ");
    String command = line.substring("30 2 * * * ".length());

    // The program prints its arguments, then the variables the line set.
    List<String> received =
        ScheduleFixtures.argumentsReceived(
            List.of(
                "/bin/sh",
                "-c",
                asCronRunsIt(command) + " && printf '%s\\0' \"$AWS_PROFILE\" \"$VPO_SCHEDULED\""),
            Map.of("PATH", "/usr/bin:/bin"));

    List<String> expected = b.job().command();
    assertThat(received.subList(0, received.size() - 2))
        .isEqualTo(expected.subList(1, expected.size()));
    assertThat(received).contains("--db", b.library().toString());
    assertThat(b.library().toString()).contains("a\\%b.db");
  }

  @Test
  void variablesAreSetForTheJob() throws Exception {
    Path program = tmp.resolve("env-printer");
    ScheduleFixtures.write(
        program,
        "#!/bin/sh\nprintf '%s\\0' \"$AWS_PROFILE\" \"$VPO_SCHEDULED\" \"$VPO_DATA_DIR\"\n");
    java.nio.file.Files.setPosixFilePermissions(
        program, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    ScheduledBackup b =
        ScheduleFixtures.backup(
            tmp.resolve("home"),
            tmp.resolve("lib.db"),
            tmp.resolve(AWKWARD),
            program,
            Schedule.parse("hourly", null));
    String line = CrontabLine.render(b);
    assertThat(line).startsWith("0 * * * * ");

    List<String> received =
        ScheduleFixtures.argumentsReceived(
            List.of("/bin/sh", "-c", asCronRunsIt(line.substring("0 * * * * ".length()))),
            Map.of("PATH", "/usr/bin:/bin"));

    assertThat(received)
        .containsExactly(
            b.job().environment().get("AWS_PROFILE"), "1", tmp.resolve(AWKWARD).toString());
    assertThat(line).doesNotContain("AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void shellQuotingOfAWord() {
    assertThat(ShellQuoting.quote("library")).isEqualTo("library");
    assertThat(ShellQuoting.quote("--copy-to")).isEqualTo("--copy-to");
    assertThat(ShellQuoting.quote("it's here")).isEqualTo("'it'\\''s here'");
    assertThat(ShellQuoting.quote("")).isEqualTo("''");
  }
}
