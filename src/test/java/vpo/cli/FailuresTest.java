package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertJsonError;
import static vpo.testing.CliAssertions.assertNoStackTrace;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.errorLines;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;

/**
 * Every failure is one {@code Error:} line with the right exit code, or under {@code --json} one
 * error document on stdout with the same code; never a stack trace (PRODUCT.md section 4).
 */
class FailuresTest {
  @TempDir Path tmp;

  /**
   * One way to fail: what the home holds first, the arguments (the home's directory is passed in),
   * the exit code and JSON error code, and what the message must mention.
   */
  record Failure(
      String name,
      Setup setup,
      Function<Path, List<String>> args,
      int exit,
      String errorCode,
      Function<Path, String> mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  interface Setup {
    void prepare(TestHome home, Path tmp) throws Exception;
  }

  static Stream<Failure> failures() {
    Setup nothing = (home, tmp) -> {};
    Setup initialised = (home, tmp) -> home.run("init");
    return Stream.of(
        new Failure(
            "missing library named by --db",
            nothing,
            tmp -> List.of("library", "info", "--db", tmp.resolve("nowhere/x.db").toString()),
            1,
            "library_not_found",
            tmp -> tmp.resolve("nowhere/x.db").toString()),
        new Failure(
            "missing library named by VPO_DATABASE_PATH",
            (home, tmp) -> home.env("VPO_DATABASE_PATH", tmp.resolve("gone.db").toString()),
            tmp -> List.of("library", "verify"),
            1,
            "library_not_found",
            tmp -> tmp.resolve("gone.db").toString()),
        new Failure(
            "a file that is not a database",
            (home, tmp) ->
                Files.writeString(tmp.resolve("notes.db"), "just some text\n".repeat(90)),
            tmp -> List.of("library", "info", "--db", tmp.resolve("notes.db").toString()),
            1,
            "library_damaged",
            tmp -> "library is damaged"),
        new Failure(
            "unknown flag",
            nothing,
            tmp -> List.of("library", "info", "--bogus"),
            2,
            "usage_error",
            tmp -> "--bogus"),
        new Failure(
            "unknown global flag",
            nothing,
            tmp -> List.of("--frobnicate", "library", "info"),
            2,
            "usage_error",
            tmp -> "--frobnicate"),
        new Failure(
            "unknown subcommand",
            nothing,
            tmp -> List.of("library", "frobnicate"),
            2,
            "usage_error",
            tmp -> "frobnicate"),
        new Failure(
            "--db without its value",
            nothing,
            tmp -> List.of("library", "info", "--db"),
            2,
            "usage_error",
            tmp -> "--db"),
        new Failure(
            "malformed config",
            (home, tmp) -> {
              home.run("init");
              Files.writeString(home.dataDir().resolve("config.toml"), "[backup\nkeep_last = 1\n");
            },
            tmp -> List.of("library", "info"),
            1,
            "config_error",
            tmp -> "config.toml:1"),
        new Failure(
            "--config names a missing file",
            initialised,
            tmp -> List.of("--config", tmp.resolve("absent.toml").toString(), "library", "info"),
            1,
            "config_error",
            tmp -> tmp.resolve("absent.toml").toString()),
        new Failure(
            "optimize without --yes and without a terminal",
            initialised,
            tmp -> List.of("library", "optimize"),
            1,
            "declined",
            tmp -> "--yes"),
        new Failure(
            "optimize on a library of a newer schema",
            (home, tmp) -> {
              home.run("init");
              LibraryFixture.setSchemaVersion(home.library(), "28");
            },
            tmp -> List.of("library", "optimize", "--yes"),
            6,
            "schema_incompatible",
            tmp -> "28"));
  }

  private List<String> withJson(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.add("--json");
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void asTextOneErrorLineAndTheExitCode(Failure f) throws Exception {
    TestHome home = new TestHome(tmp);
    f.setup().prepare(home, tmp);

    TestHome.Result r = home.run(f.args().apply(tmp).toArray(String[]::new));

    assertTextError(r, f.exit(), f.mentions().apply(tmp));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void asJsonOneErrorDocumentOnStdoutAndTheSameExitCode(Failure f) throws Exception {
    TestHome home = new TestHome(tmp);
    f.setup().prepare(home, tmp);

    TestHome.Result r = home.run(withJson(f.args().apply(tmp)).toArray(String[]::new));

    JsonNode doc = assertJsonError(r, f.exit(), f.errorCode());
    assertThat(doc.get("error").textValue()).contains(f.mentions().apply(tmp));
    assertThat(doc.size()).as("only success, error and error_code").isEqualTo(3);
  }

  @Test
  void badCommandLineShowsTheUsageAfterTheError() {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("library", "info", "--bogus");

    assertThat(r.exitCode()).isEqualTo(2);
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0)).startsWith("Error: ").contains("--bogus");
    assertThat(r.err()).contains("Usage: vpo library info").contains("--help");
    assertThat(home.dataDir()).as("a bad command line creates nothing").doesNotExist();
  }

  @Test
  void aMissingLibraryNamedByTheUserIsNotCreated() {
    TestHome home = new TestHome(tmp);
    Path missing = tmp.resolve("nowhere").resolve("x.db");

    TestHome.Result r = home.run("library", "info", "--db", missing.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(errorLines(r)).singleElement().asString().contains(missing.toString());
    assertThat(missing).doesNotExist();
    assertThat(missing.getParent()).doesNotExist();
    assertNoStackTrace(r);
  }

  @Test
  void theErrorSuggestsAFixWhereThereIsOne() {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("library", "info", "--db", tmp.resolve("x.db").toString());

    // Runnable as printed: with the --db that named the library.
    assertThat(errorLines(r))
        .singleElement()
        .asString()
        .contains("vpo --db " + tmp.resolve("x.db") + " init");
  }
}
