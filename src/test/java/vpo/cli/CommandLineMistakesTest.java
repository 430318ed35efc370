package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertJsonError;
import static vpo.testing.CliAssertions.assertNoStackTrace;
import static vpo.testing.CliAssertions.errorLines;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.TestHome;

/**
 * What a user who mistypes gets: exit 2, one {@code Error:} line that names the mistake and, where
 * one is close, the command or option they probably meant.
 */
class CommandLineMistakesTest {
  @TempDir Path tmp;

  private static void assertUsageError(TestHome.Result r, String... mentions) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(errorLines(r)).as(r.toString()).hasSize(1);
    for (String m : mentions) {
      assertThat(errorLines(r).get(0)).as(r.toString()).contains(m);
    }
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertNoStackTrace(r);
  }

  @Test
  void anUnknownLogLevelIsRefusedWithTheValidOnes() {
    TestHome home = new TestHome(tmp);

    TestHome.Result text = home.run("--log-level", "verbose", "library", "info");
    TestHome.Result json = home.run("library", "info", "--log-level=verbose", "--json");

    assertUsageError(text, "--log-level", "'verbose'", "debug, info, warning or error");
    assertThat(assertJsonError(json, 2, "usage_error").get("error").textValue())
        .contains("debug, info, warning or error");
    assertThat(home.dataDir()).as("nothing was set up").doesNotExist();
  }

  @Test
  void theValidLogLevelsAreAcceptedInAnyCase() {
    TestHome home = new TestHome(tmp);

    for (String level : new String[] {"debug", "INFO", "Warning", "warn", "error"}) {
      TestHome.Result r = home.run("--log-level", level, "library", "info");
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
  }

  @Test
  void aMistypedCommandGetsTheNearestOne() {
    TestHome home = new TestHome(tmp);

    TestHome.Result top = home.run("libary", "backup");
    TestHome.Result sub = home.run("library", "bakup");
    TestHome.Result deeper = home.run("library", "backups", "prnue", "--keep-last", "1");
    TestHome.Result json = home.run("library", "restor", "x.tar.gz", "--json");

    assertUsageError(top, "'libary'", "did you mean 'library'?");
    assertThat(top.err()).doesNotContain("Unmatched");
    assertUsageError(sub, "'bakup'", "did you mean 'backup'?");
    assertUsageError(deeper, "'prnue'", "did you mean 'prune'?");
    assertThat(assertJsonError(json, 2, "usage_error").get("error").textValue())
        .contains("did you mean 'restore'?");
    assertThat(home.dataDir()).as("nothing was set up").doesNotExist();
  }

  @Test
  void aCommandFarFromAnyListsThemAll() {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("library", "frobnicate");

    assertUsageError(r, "'frobnicate'", "backup, restore, backups");
    assertThat(r.err()).doesNotContain("did you mean");
  }

  @Test
  void aMistypedOptionGetsTheNearestOne() {
    TestHome home = new TestHome(tmp);

    TestHome.Result swapped = home.run("library", "backup", "--outptu", "x.tar.gz");
    TestHome.Result missing = home.run("library", "backups", "prune", "--keep-lst", "3");
    TestHome.Result withValue = home.run("library", "restore", "x.tar.gz", "--dryrun");
    TestHome.Result global = home.run("library", "info", "--log-levl=debug");

    assertUsageError(swapped, "'--outptu'", "did you mean '--output'?");
    assertUsageError(missing, "'--keep-lst'", "did you mean '--keep-last'?");
    assertUsageError(withValue, "'--dryrun'", "did you mean '--dry-run'?");
    assertUsageError(global, "'--log-levl'", "did you mean '--log-level'?");
    assertThat(home.dataDir()).as("nothing was set up").doesNotExist();
  }

  @Test
  void keepingZeroSaysSoAndNotThatNoRuleWasGiven() {
    TestHome home = TestHome.withLibrary(tmp, TestHome.Start.INITIALISED, 0, 1);
    home.backup();

    TestHome.Result r = home.run("library", "backups", "prune", "--keep-last", "0", "--yes");

    assertUsageError(r, "keeps 0 archives", "above 0");
    assertThat(r.err()).doesNotContain("no retention rule given");
  }

  @Test
  void nearestAllowsOneOrTwoTypingMistakesAndUniqueBeginnings() {
    assertThat(UnknownArgument.nearest("libary", java.util.List.of("init", "library")))
        .isEqualTo("library");
    assertThat(UnknownArgument.nearest("lib", java.util.List.of("init", "library")))
        .isEqualTo("library");
    assertThat(UnknownArgument.nearest("--keep", java.util.List.of("--keep-last", "--keep-daily")))
        .isNull();
    assertThat(UnknownArgument.nearest("zzz", java.util.List.of("init", "library"))).isNull();
  }
}
