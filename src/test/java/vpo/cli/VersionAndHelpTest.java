package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpo.testing.TestHome;

/** {@code --version} and {@code --help} answer at once and touch nothing. */
class VersionAndHelpTest {
  @TempDir Path tmp;

  static String builtVersion() throws Exception {
    try (InputStream in = VersionAndHelpTest.class.getResourceAsStream("/vpo/version.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  @Test
  void versionPrintsTheBuildVersionAndCreatesNothing() throws Exception {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("--version");

    assertThat(builtVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("vpo " + builtVersion() + "\n");
    assertThat(r.err()).isEmpty();
    assertThat(home.dataDir()).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "init", "library", "library info", "library verify", "library optimize"})
  void everyCommandHasHelpWithExamples(String command) {
    TestHome home = new TestHome(tmp);
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    TestHome.Result r = home.run(args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).contains("Usage: vpo " + command).contains("Examples:");
    assertThat(r.out().substring(r.out().indexOf("Examples:")))
        .as("an example follows the heading")
        .containsPattern("\\n  vpo \\S+");
    assertThat(r.err()).isEmpty();
    assertThat(home.dataDir()).doesNotExist();
  }

  @Test
  void helpAfterOtherOptionsStillHelpsAndCreatesNothing() {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("--db", tmp.resolve("x.db").toString(), "library", "info", "-h");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Usage: vpo library info");
    assertThat(tmp.resolve("x.db")).doesNotExist();
    assertThat(home.dataDir()).doesNotExist();
  }

  @Test
  void aCommandGroupAloneShowsItsUsageAndCreatesNothing() {
    TestHome home = new TestHome(tmp);

    TestHome.Result vpo = home.run();
    TestHome.Result library = home.run("library");

    assertThat(vpo.exitCode()).isZero();
    assertThat(vpo.out()).contains("Usage: vpo").contains("library");
    assertThat(library.exitCode()).isZero();
    assertThat(library.out()).contains("Usage: vpo library").contains("info").contains("verify");
    assertThat(home.dataDir()).doesNotExist();
  }
}
