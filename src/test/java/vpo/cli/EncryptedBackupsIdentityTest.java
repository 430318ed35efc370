package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Encrypted archives with and without the key that opens them: the listing shows them either way
 * (from the name without a key, from the metadata with one), {@code --verify} and restore need the
 * key, and without it or with a wrong one restore stops (exit 3) with the library untouched.
 */
class EncryptedBackupsIdentityTest {
  /** A time unlike the backup's own, so the test can tell the name's time from the metadata's. */
  private static final String NAMED = "vpo-library-2025-03-04T05-06-07Z.tar.gz.age";

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Path key;
  private Path wrongKey;
  private Path archive;
  private String createdAt;

  @BeforeEach
  void setUp() throws Exception {
    AgeTool.assumeInstalled();
    AgeTool age = new AgeTool(children);
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 40, 5);
    // Keys outside the data directory: vpo has no default key to fall back on.
    key = tmp.resolve("key.txt");
    String recipient = age.keygen(key);
    wrongKey = tmp.resolve("wrong-key.txt");
    age.keygen(wrongKey);
    JsonNode report = home.backup("--recipient", recipient);
    createdAt = report.get("created_at").asText();
    archive = Files.move(Path.of(report.get("path").asText()), home.backups().resolve(NAMED));
  }

  @Test
  void withoutAKeyTheListingShowsTheTimeFromTheNameTheSizeAndTheMark() throws Exception {
    TestHome.Result json = home.run("library", "backups", "--json");
    TestHome.Result text = home.run("library", "backups");

    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = CliAssertions.json(json);
    assertThat(doc.get("total_count").asInt()).isEqualTo(1);
    JsonNode e = doc.get("backups").get(0);
    assertThat(e.get("filename").asText()).isEqualTo(NAMED);
    assertThat(e.get("encrypted").asBoolean()).isTrue();
    assertThat(e.get("created_at").asText()).isEqualTo("2025-03-04T05:06:07Z");
    assertThat(e.get("archive_size_bytes").asLong()).isEqualTo(Files.size(archive));
    assertThat(e.get("readable").asBoolean()).isFalse();
    assertThat(e.get("file_count").isNull()).isTrue();
    assertThat(e.get("schema_version").isNull()).isTrue();

    assertThat(text.exitCode()).as(text.toString()).isZero();
    String row =
        text.out().lines().filter(l -> l.contains(NAMED)).findFirst().orElseThrow().strip();
    assertThat(row).contains("2025-03-04 05:06 UTC").contains("encrypted");
    assertThat(text.out())
        .contains("1 encrypted archive listed from the name alone: pass --identity KEYFILE");
    assertThat(text.err()).isEmpty();
  }

  @Test
  void withTheKeyTheListingShowsTheMetadata() {
    TestHome.Result json = home.run("library", "backups", "--json", "--identity", key.toString());

    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode e = CliAssertions.json(json).get("backups").get(0);
    assertThat(e.get("encrypted").asBoolean()).isTrue();
    assertThat(e.get("readable").asBoolean()).isTrue();
    assertThat(e.get("created_at").asText()).as("the metadata's time").isEqualTo(createdAt);
    assertThat(e.get("file_count").asLong()).isEqualTo(40);
    assertThat(e.get("schema_version").asInt()).isEqualTo(27);
    assertThat(e.get("database_size_bytes").asLong()).isPositive();
    assertThat(e.get("kind").asText()).isEqualTo("backup");
  }

  @Test
  void verifyWithTheKeyValidatesTheWholeArchive() {
    TestHome.Result r =
        home.run("library", "backups", "--verify", "--json", "--identity", key.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode e = CliAssertions.json(r).get("backups").get(0);
    assertThat(e.get("valid").asBoolean()).isTrue();
    assertThat(e.get("problem").isNull()).isTrue();
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
  }

  @Test
  void verifyWithoutTheKeySaysItCannotDecryptNotThatTheArchiveIsCorrupt() {
    for (List<String> identity :
        List.of(List.<String>of(), List.of("--identity", wrongKey.toString()))) {
      String[] args = args(List.of("library", "backups", "--verify"), identity);
      String[] jsonArgs = args(List.of("library", "backups", "--verify", "--json"), identity);

      TestHome.Result text = home.run(args);
      TestHome.Result json = home.run(jsonArgs);

      assertThat(text.exitCode()).as(text.toString()).isEqualTo(3);
      assertThat(text.out() + text.err())
          .as(text.toString())
          .contains("no identity matches (pass --identity KEYFILE)")
          .doesNotContainIgnoringCase("corrupt")
          .doesNotContain("damaged");
      assertThat(CliAssertions.errorLines(text)).as(text.toString()).hasSize(1);
      JsonNode doc = CliAssertions.json(json);
      assertThat(json.exitCode()).isEqualTo(3);
      assertThat(doc.get("error_code").asText()).isEqualTo("cannot_decrypt");
      assertThat(doc.get("error").asText())
          .contains("no identity matches")
          .doesNotContain("corrupt");
      JsonNode e = doc.get("backups").get(0);
      assertThat(e.get("valid").asBoolean()).isFalse();
      assertThat(e.get("problem").asText())
          .isEqualTo("cannot decrypt " + NAMED + ": no identity matches (pass --identity KEYFILE)");
      assertThat(DiskState.tempFiles(home.home())).isEmpty();
    }
  }

  @Test
  void restoreWithoutAKeyStopsWithTheLibraryUntouched() {
    assertRestoreRefusedUntouched(List.of());
  }

  @Test
  void restoreWithAWrongKeyStopsWithTheLibraryUntouched() {
    assertRestoreRefusedUntouched(List.of("--identity", wrongKey.toString()));
  }

  @Test
  void restoreWithTheKeyInstallsTheArchive() {
    String before = LibraryContent.dump(home.library());
    vpo.testing.LibraryFixture.execute(home.library(), "DELETE FROM files");

    TestHome.Result r =
        home.run("library", "restore", archive.toString(), "--yes", "--identity", key.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(before);
  }

  @Test
  void pruneKeepsWhatItCannotOpenAndSaysWhichKeyWouldLetItPrune() throws Exception {
    // Two more encrypted backups, older by their names.
    Files.copy(archive, home.backups().resolve("vpo-library-2025-03-02T05-06-07Z.tar.gz.age"));
    Files.copy(archive, home.backups().resolve("vpo-library-2025-03-03T05-06-07Z.tar.gz.age"));
    SortedMap<String, String> before = DiskState.of(home.backups());

    TestHome.Result text = home.run("library", "backups", "prune", "--keep-last", "1", "--dry-run");
    TestHome.Result json =
        home.run("library", "backups", "prune", "--keep-last", "1", "--dry-run", "--json");
    assertThat(DiskState.of(home.backups())).isEqualTo(before);
    TestHome.Result withKey =
        home.run(
            "library",
            "backups",
            "prune",
            "--keep-last",
            "1",
            "--yes",
            "--json",
            "--identity",
            key.toString());

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains(
            "3 encrypted archives are kept because no identity opens them:"
                + " pass --identity KEYFILE to prune them too")
        .contains("Remove (0):");
    JsonNode plan = CliAssertions.json(json);
    assertThat(plan.get("remove")).isEmpty();
    plan.get("keep")
        .forEach(k -> assertThat(k.get("reasons").toString()).isEqualTo("[\"no key\"]"));
    // With the key, the metadata says these are this library's, and --keep-last 1 applies.
    assertThat(withKey.exitCode()).as(withKey.toString()).isZero();
    assertThat(CliAssertions.json(withKey).get("remove")).hasSize(2);
    assertThat(DiskState.names(home.backups())).hasSize(1);
  }

  private void assertRestoreRefusedUntouched(List<String> identity) {
    SortedMap<String, String> before = DiskState.of(home.home(), home.dataDir().resolve("logs"));
    String message =
        "cannot decrypt " + archive + ": no identity matches (pass --identity KEYFILE)";

    TestHome.Result text =
        home.run(args(List.of("library", "restore", archive.toString(), "--yes"), identity));
    TestHome.Result dryRun =
        home.run(args(List.of("library", "restore", archive.toString(), "--dry-run"), identity));
    TestHome.Result json =
        home.run(
            args(List.of("library", "restore", archive.toString(), "--yes", "--json"), identity));

    CliAssertions.assertTextError(text, 3, message);
    CliAssertions.assertTextError(dryRun, 3, message);
    JsonNode doc = CliAssertions.assertJsonError(json, 3, "cannot_decrypt");
    assertThat(doc.get("error").asText()).isEqualTo(message);
    assertThat(DiskState.of(home.home(), home.dataDir().resolve("logs"))).isEqualTo(before);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(DiskState.tempFilesOfThisProcessInSystemTemp()).isEmpty();
  }

  private static String[] args(List<String> command, List<String> more) {
    return java.util.stream.Stream.concat(command.stream(), more.stream()).toArray(String[]::new);
  }
}
