package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner: the environment given is the only one the command sees, PATH included. */
class ProcessCommandRunnerTest {
  @TempDir Path tmp;
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void runsWithExactlyTheEnvironmentGivenAndFindsTheProgramInItsPath() throws Exception {
    ScheduleFixtures.argumentPrinter(tmp.resolve("bin"), "systemctl");

    CommandRunner.Result r =
        runner.run(
            List.of("systemctl", "--user", "a b"),
            Map.of("PATH", tmp.resolve("bin") + ":/usr/bin:/bin"));

    assertThat(r.ok()).isTrue();
    assertThat(ScheduleFixtures.splitNul(r.out())).containsExactly("--user", "a b");
    CommandRunner.Result env =
        runner.run(List.of("env"), Map.of("PATH", "/usr/bin:/bin", "X", "1"));
    assertThat(env.out().lines().sorted()).containsExactly("PATH=/usr/bin:/bin", "X=1");
  }

  @Test
  void aMissingProgramIsExit127AndNotAnException() {
    CommandRunner.Result r =
        runner.run(List.of("systemctl", "--user"), Map.of("PATH", tmp.toString()));

    assertThat(r.exitCode()).isEqualTo(CommandRunner.Result.NOT_FOUND);
    assertThat(r.firstLine()).isEqualTo("systemctl: command not found");
  }

  @Test
  void aCommandThatDoesNotFinishIsStopped() {
    CommandRunner.Result r =
        new ProcessCommandRunner(Duration.ofMillis(300))
            .run(List.of("sleep", "60"), Map.of("PATH", "/usr/bin:/bin"));

    assertThat(r.exitCode()).isEqualTo(CommandRunner.Result.TIMED_OUT);
  }
}
