package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.errorLines;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * {@code backups --verify} says what a restore of each archive would do: an intact archive whose
 * database is at a schema this vpo cannot restore (newer, or too old to migrate) is reported as
 * intact but not restorable, with the version of the database inside (not the metadata's copy), and
 * the command exits 6. A database failing {@code quick_check} in many places is summed up in one
 * short line.
 */
class VerifyRestorabilityTest {
  @TempDir Path tmp;

  @Test
  void intactArchivesThisVpoCannotRestoreAreReportedWithTheirDatabasesVersion() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 2, 1);
    Path dir = Files.createDirectories(home.home().resolve("archives"));
    // name -> the schema of the database inside
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put(archive(dir, "2026-03-05", "27", null), 27);
    expected.put(archive(dir, "2026-03-04", "99", null), 99);
    expected.put(archive(dir, "2026-03-03", "10", null), 10);
    expected.put(archive(dir, "2026-03-02", "1", null), 1);
    // The metadata says 27; the database inside is at 99.
    expected.put(archive(dir, "2026-03-01", "99", 27), 99);

    TestHome.Result r =
        home.run("library", "backups", "--path", dir.toString(), "--verify", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    JsonNode doc = json(r);
    assertThat(doc.get("error_code").asText()).isEqualTo("schema_incompatible");
    assertThat(doc.get("error").asText()).contains("4 of 5 archives").contains("not");
    List<String> seen = new ArrayList<>();
    for (JsonNode b : doc.get("backups")) {
      String name = b.get("filename").asText();
      seen.add(name);
      int schema = expected.get(name);
      assertThat(b.get("valid").asBoolean()).as(b.toString()).isTrue();
      assertThat(b.get("schema_version").asInt()).as(b.toString()).isEqualTo(schema);
      assertThat(b.get("restorable").asBoolean()).as(b.toString()).isEqualTo(schema == 27);
      if (schema == 27) {
        assertThat(b.get("problem").isNull()).as(b.toString()).isTrue();
      } else {
        assertThat(b.get("problem").asText())
            .as(b.toString())
            .contains(String.valueOf(schema))
            .contains(schema > 27 ? "newer" : "older");
      }
    }
    assertThat(seen).containsExactlyElementsOf(expected.keySet());

    TestHome.Result text = home.run("library", "backups", "--path", dir.toString(), "--verify");

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(6);
    assertThat(errorLines(text)).singleElement().asString().contains("4 of 5 archives");
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      String row =
          text.out()
              .lines()
              .filter(l -> l.contains(e.getKey()))
              .findFirst()
              .orElseThrow(() -> new AssertionError(e.getKey() + " not in " + text));
      assertThat(row).containsPattern("\\s" + e.getValue() + "\\s");
      assertThat(row).contains(e.getValue() == 27 ? "  ok" : "intact, not restorable");
      assertThat(row).doesNotContain("CORRUPT");
    }
    assertThat(text.out()).contains("5 backups").contains("4 not restorable by this vpo");
  }

  @Test
  void aDatabaseWithManyQuickCheckProblemsGivesOneShortLine() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 2, 1);
    Path db = tmp.resolve("damaged.db");
    LibraryFixture.createV27(db);
    LibraryFixture.populate(db, 20, 3);
    LibraryFixture.addFiller(db, 3000, 1000);
    LibraryFixture.selfContained(db);
    garbageOverLeafPages(db, 30);
    int problems = quickCheckProblems(db);
    assertThat(problems).as("quick_check problems").isGreaterThan(20);
    Path archive =
        ArchiveBuilder.of(db)
            .createdAt(Instant.parse("2026-03-01T10:00:00Z"))
            .writeTo(home.backups().resolve("vpo-library-2026-03-01T10-00-00Z.tar.gz"));

    TestHome.Result restore = home.run("library", "restore", archive.toString(), "--yes");

    assertTextError(restore, 3, "fails quick_check", "(and " + (problems - 3) + " more)");
    assertThat(errorLines(restore).get(0).length()).isLessThan(600);

    JsonNode verified = json(home.run("library", "backups", "--verify", "--json"));
    String problem = verified.get("backups").get(0).get("problem").asText();
    assertThat(problem).contains("(and " + (problems - 3) + " more)").doesNotContain("\n");
    assertThat(problem.length()).isLessThan(600);
  }

  // --- helpers

  /**
   * An archive of a new library whose database is at {@code schema}; its metadata says {@code
   * metadataSchema} when given, else the truth.
   */
  private String archive(Path dir, String day, String schema, Integer metadataSchema)
      throws Exception {
    Path db = tmp.resolve("schema-" + schema + "-" + day + ".db");
    LibraryFixture.createV27(db);
    LibraryFixture.setSchemaVersion(db, schema);
    LibraryFixture.selfContained(db);
    ArchiveBuilder b = ArchiveBuilder.of(db).createdAt(Instant.parse(day + "T10:00:00Z"));
    if (metadataSchema != null) {
      b.metadata().put("schema_version", metadataSchema);
    }
    String name = "vpo-library-" + day + "T10-00-00Z.tar.gz";
    b.writeTo(dir.resolve(name));
    return name;
  }

  /**
   * A wrong count of fragmented free bytes in the header of {@code count} table leaf pages in the
   * second half of the file: each is a problem of its own for quick_check, which goes on checking
   * (garbage over a whole page header would stop it at the first).
   */
  private static void garbageOverLeafPages(Path db, int count) throws Exception {
    int pageSize = (int) LibraryFixture.queryLong(db, "PRAGMA page_size");
    try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pages = ch.size() / pageSize;
      int damaged = 0;
      for (long page = pages / 2; page <= pages && damaged < count; page++) {
        ByteBuffer type = ByteBuffer.allocate(1);
        ch.read(type, (page - 1) * pageSize);
        if (type.get(0) != 0x0D) {
          continue;
        }
        ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), (page - 1) * pageSize + 7);
        damaged++;
      }
      assertThat(damaged).isEqualTo(count);
    }
  }

  private static int quickCheckProblems(Path db) throws Exception {
    try (Connection c = LibraryFixture.connect(db, LibraryFixture.Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA quick_check")) {
      // SQLite gives the problems one per row, or (newer versions) as lines of one row under a
      // "*** in database main ***" heading.
      int n = 0;
      while (r.next()) {
        n +=
            (int)
                r.getString(1)
                    .lines()
                    .filter(
                        l -> !l.isEmpty() && !l.equals("ok") && !l.startsWith("*** in database"))
                    .count();
      }
      return n;
    }
  }
}
