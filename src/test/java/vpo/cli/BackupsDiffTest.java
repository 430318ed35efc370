package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.Python;
import vpo.testing.TestHome;

/**
 * What a restore would change, through the real command line: {@code backups diff} and the restore
 * preview report, per table, the rows removed, brought back and changed, with sample paths; text
 * and JSON agree; nothing is written; a damaged archive is exit 3; a library in use is compared.
 */
class BackupsDiffTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Path archive;

  @BeforeEach
  void libraryAndItsBackup() {
    home = TestHome.withLibrary(tmp, TestHome.Start.INITIALISED, 40, 9);
    archive = Path.of(home.backup().get("path").asText());
  }

  /** After the backup: 2 files deleted, 3 scanned, 1 moved. */
  private String editedAfterTheBackup() {
    String moved =
        LibraryFixture.queryString(home.library(), "SELECT path FROM files WHERE id = 5");
    LibraryFixture.execute(
        home.library(),
        "PRAGMA foreign_keys = OFF",
        "DELETE FROM files WHERE id IN (1, 2)",
        "UPDATE files SET path = path || '.moved' WHERE id = 5");
    LibraryFixture.addFiles(home.library(), 3, 1000);
    return moved + ".moved";
  }

  @Test
  void reportsRowsRemovedBroughtBackAndChangedWithThePaths() {
    String movedTo = editedAfterTheBackup();

    TestHome.Result r = home.run("library", "backups", "diff", archive.toString(), "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode files = json(r).get("tables").get("files");
    assertThat(files.get("removed").asLong()).as("the 3 scanned since").isEqualTo(3);
    assertThat(files.get("added").asLong()).as("the 2 deleted").isEqualTo(2);
    assertThat(files.get("changed").asLong()).as("the moved one").isEqualTo(1);
    assertThat(files.get("sample_key").asText()).isEqualTo("path");
    assertThat(texts(files.get("changed_sample"))).containsExactly(movedTo);
    assertThat(files.get("removed_sample")).hasSize(3);
    assertThat(files.get("added_sample")).hasSize(2);
    assertThat(json(r).get("total").get("removed").asLong()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void textAndJsonAgree() {
    editedAfterTheBackup();

    JsonNode doc = json(home.run("library", "backups", "diff", archive.toString(), "--json"));
    TestHome.Result text = home.run("library", "backups", "diff", archive.toString());

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("Restoring removes 3 files, brings back 2 and changes 1");
    Matcher row =
        Pattern.compile("(?m)^  (\\w+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)$")
            .matcher(text.out());
    int rows = 0;
    while (row.find()) {
      JsonNode t = doc.get("tables").get(row.group(1));
      assertThat(t).as(row.group(1)).isNotNull();
      assertThat(number(row.group(2))).isEqualTo(t.get("removed").asLong());
      assertThat(number(row.group(3))).isEqualTo(t.get("added").asLong());
      assertThat(number(row.group(4))).isEqualTo(t.get("changed").asLong());
      rows++;
    }
    long changedTables = 0;
    for (JsonNode t : iterable(doc.get("tables"))) {
      if (t.get("removed").asLong() + t.get("added").asLong() + t.get("changed").asLong() > 0) {
        changedTables++;
      }
    }
    assertThat(rows).as("one text row per table that changes").isEqualTo(changedTables);
  }

  @Test
  void anIdenticalLibraryChangesNothingAndNothingIsWritten() {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "backups", "diff", archive.toString());
    TestHome.Result j = home.run("library", "backups", "diff", archive.toString(), "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("No change");
    JsonNode total = json(j).get("total");
    assertThat(total.get("removed").asLong() + total.get("added").asLong()).isZero();
    assertThat(total.get("changed").asLong()).isZero();
    assertThat(disk()).as("nothing written, no temp file left").isEqualTo(before);
  }

  @Test
  void comparesTwoArchives() {
    editedAfterTheBackup();
    Path newer = Path.of(home.backup().get("path").asText());

    JsonNode doc =
        json(
            home.run("library", "backups", "diff", archive.toString(), newer.toString(), "--json"));

    assertThat(doc.get("replaced").get("path").asText()).isEqualTo(newer.toString());
    JsonNode files = doc.get("tables").get("files");
    assertThat(files.get("removed").asLong()).isEqualTo(3);
    assertThat(files.get("added").asLong()).isEqualTo(2);
  }

  @Test
  void showZeroGivesCountsWithoutPaths() {
    editedAfterTheBackup();

    JsonNode files =
        json(home.run("library", "backups", "diff", archive.toString(), "--show", "0", "--json"))
            .get("tables")
            .get("files");

    assertThat(files.get("removed").asLong()).isEqualTo(3);
    assertThat(files.get("removed_sample")).isEmpty();
    assertThat(files.get("changed_sample")).isEmpty();
  }

  @Test
  void aDamagedArchiveIsExit3AndNothingChanges() throws Exception {
    byte[] bytes = Files.readAllBytes(archive);
    bytes[bytes.length / 2] ^= 0x20;
    Path damaged = Files.write(tmp.resolve("damaged.tar.gz"), bytes);
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "backups", "diff", damaged.toString());

    assertTextError(r, 3);
    assertThat(disk()).isEqualTo(before);
  }

  /** A VPO daemon's connection: WAL mode, a committed row still in the -wal, left open. */
  private static final String DAEMON =
      """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("PRAGMA journal_mode = WAL")
      c.execute("PRAGMA wal_autocheckpoint = 0")
      c.execute("DELETE FROM files WHERE id = 7")
      print("ready", flush=True)
      sys.stdin.readline()
      """;

  @Test
  void aLibraryInUseIsComparedAsItIsNow() throws Exception {
    Process daemon =
        children.start(new ProcessBuilder(Python.command(DAEMON, home.library().toString())));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("ready");

    TestHome.Result r = home.run("library", "backups", "diff", archive.toString(), "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).get("tables").get("files").get("added").asLong())
        .as("the row the daemon deleted, seen in its -wal")
        .isEqualTo(1);
    assertThat(daemon.isAlive()).isTrue();
  }

  @Test
  void theRestorePreviewHasTheSameShape() {
    editedAfterTheBackup();

    JsonNode preview =
        json(home.run("library", "restore", archive.toString(), "--dry-run", "--json"));
    JsonNode diff = json(home.run("library", "backups", "diff", archive.toString(), "--json"));

    assertThat(preview.get("changes").get("tables")).isEqualTo(diff.get("tables"));
    assertThat(preview.get("changes").get("total")).isEqualTo(diff.get("total"));
  }

  @Test
  void theRestoreQuestionSaysWhatAYesWouldChange() {
    editedAfterTheBackup();
    SortedMap<String, String> before = disk();

    TestHome.Result r =
        home.terminal(true).stdin("n\n").run("library", "restore", archive.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    int headline = r.err().indexOf("Restoring removes 3 files, brings back 2 and changes 1");
    assertThat(headline).as(r.err()).isNotNegative();
    assertThat(r.err().indexOf("Continue? [y/N]")).isGreaterThan(headline);
    assertThat(disk()).isEqualTo(before);
  }

  private SortedMap<String, String> disk() {
    return DiskState.of(tmp, home.dataDir().resolve("logs"));
  }

  private static long number(String s) {
    return Long.parseLong(s.replace(",", ""));
  }

  private static List<String> texts(JsonNode array) {
    List<String> all = new ArrayList<>();
    array.forEach(n -> all.add(n.asText()));
    return all;
  }

  private static Iterable<JsonNode> iterable(JsonNode object) {
    List<JsonNode> all = new ArrayList<>();
    object.elements().forEachRemaining(all::add);
    return all;
  }
}
