package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertNoStackTrace;
import static vpo.testing.CliAssertions.errorLines;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;

/**
 * Under {@code --json} every command prints exactly one JSON document on stdout, on success and on
 * every error path; a failed run's document has {@code success: false} (where the document has
 * {@code success}), {@code error} and {@code error_code}, and there is no {@code Error:} line.
 */
class OneJsonDocumentTest {
  @TempDir Path tmp;

  /** The commands, each with the arguments it needs in a home with one archive at archive(). */
  static List<List<String>> commands(Path archive) {
    return List.of(
        List.of("init"),
        List.of("library", "info"),
        List.of("library", "verify"),
        List.of("library", "optimize", "--yes"),
        List.of("library", "optimize", "--dry-run"),
        List.of("library", "backup"),
        List.of("library", "backup", "--dry-run"),
        List.of("library", "restore", archive.toString(), "--dry-run"),
        List.of("library", "restore", archive.toString(), "--yes"),
        List.of("library", "restore", archive.toString()),
        List.of("library", "backups"),
        List.of("library", "backups", "--verify"),
        List.of("library", "backups", "prune", "--keep-last", "1", "--yes"),
        List.of("library", "backups", "prune", "--dry-run"));
  }

  /** Ways a home can be: each makes some commands fail, and none may print a second document. */
  static Stream<Arguments> situations() {
    return Stream.of(
        Arguments.of("a healthy library", (Consumer<TestHome>) home -> {}),
        Arguments.of(
            "a library at schema 28",
            (Consumer<TestHome>) home -> LibraryFixture.setSchemaVersion(home.library(), "28")),
        Arguments.of(
            "a damaged library",
            (Consumer<TestHome>)
                home -> {
                  LibraryFixture.addFiller(home.library(), 400, 2000);
                  damage(home.library());
                }),
        Arguments.of(
            "a corrupt archive",
            (Consumer<TestHome>)
                home -> {
                  try {
                    Path archive = onlyArchive(home);
                    byte[] bytes = Files.readAllBytes(archive);
                    bytes[bytes.length / 2] ^= 0x55;
                    Files.write(archive, bytes);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }),
        Arguments.of(
            "a config that is not TOML",
            (Consumer<TestHome>)
                home -> {
                  try {
                    Files.writeString(home.dataDir().resolve("config.toml"), "[backup\nx = ");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("situations")
  void everyCommandPrintsExactlyOneDocument(String situation, Consumer<TestHome> make) {
    List<String> problems = new ArrayList<>();
    for (List<String> command : commands(tmp.resolve("placeholder"))) {
      TestHome home = freshHome(situation, command);
      make.accept(home);
      List<String> args = new ArrayList<>(commandIn(home, command));
      args.add("--json");
      TestHome.Result r = home.run(args.toArray(String[]::new));
      try {
        assertOneDocument(r);
      } catch (AssertionError e) {
        problems.add(String.join(" ", args) + ": " + e.getMessage());
      }
    }
    assertThat(problems).as(situation).isEmpty();
  }

  @Test
  void initOnANewerLibraryIsOneFailedDocumentWithExitSixAndTheLibraryUntouched() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    LibraryFixture.setSchemaVersion(home.library(), "28");
    String before = Sha256.of(home.library());

    TestHome.Result r = home.run("init", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    JsonNode doc = json(r);
    assertThat(doc.get("success").booleanValue()).isFalse();
    assertThat(doc.get("error_code").textValue()).isEqualTo("schema_incompatible");
    assertThat(doc.get("error").textValue()).contains("newer");
    assertThat(doc.get("schema_version").intValue()).isEqualTo(28);
    assertThat(errorLines(r)).isEmpty();
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  private static void assertOneDocument(TestHome.Result r) {
    JsonNode doc = json(r);
    assertThat(doc.isObject()).as(r.toString()).isTrue();
    assertNoStackTrace(r);
    assertThat(errorLines(r)).as(r.toString()).isEmpty();
    if (r.exitCode() != 0) {
      assertThat(doc.path("error_code").isTextual()).as("error_code in %s", r).isTrue();
      assertThat(doc.path("error").isTextual()).as("error in %s", r).isTrue();
      if (doc.has("success")) {
        assertThat(doc.get("success").booleanValue()).as(r.toString()).isFalse();
      }
    } else if (doc.has("success")) {
      assertThat(doc.get("success").booleanValue()).as(r.toString()).isTrue();
    }
  }

  /** A home with a populated library and one archive of it, made before the situation. */
  private TestHome freshHome(String situation, List<String> command) {
    Path dir = tmp.resolve(Integer.toHexString((situation + command).hashCode()));
    TestHome home = new TestHome(dir);
    home.run("init");
    LibraryFixture.addFiles(home.library(), 20, 1000);
    TestHome.Result backup = home.run("library", "backup");
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    return home;
  }

  /** The command with this home's archive in place of the placeholder. */
  private List<String> commandIn(TestHome home, List<String> command) {
    List<String> args = new ArrayList<>();
    for (String arg : command) {
      args.add(arg.endsWith("placeholder") ? onlyArchive(home).toString() : arg);
    }
    return args;
  }

  private static Path onlyArchive(TestHome home) {
    try (Stream<Path> files = Files.list(home.backups())) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".tar.gz"))
          .filter(p -> !p.getFileName().toString().contains("-pre-"))
          .sorted()
          .findFirst()
          .orElseThrow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void damage(Path library) {
    try {
      LibraryFixture.damage(library, LibraryFixture.Damage.ZEROED_PAGE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
