package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Two libraries backed up into one backup directory, as every {@code --db} library shares {@code
 * <data dir>/backups}: each library's {@code backups}, {@code info} and {@code backups prune} see
 * its own archives only; {@code --all} shows every one with the library it belongs to, and {@code
 * --all-libraries} prunes them all. Archives that record no library (the Python VPO's) are the
 * default library's. Other archive-like files are counted, not silently skipped.
 */
class LibraryOwnershipTest {
  @TempDir Path tmp;
  private TestHome home;
  private Path other;

  @BeforeEach
  void twoLibraries() {
    // The default library (vpo init gave it an id) and one the user names with --db, made by
    // the Python VPO (no id until its first backup).
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 3, 1);
    other = home.home().resolve("other.db");
    LibraryFixture.createV27(other);
    LibraryFixture.populate(other, 7, 2);
    withoutId(other);
  }

  @Test
  void eachLibraryListsItsOwnArchivesAndAllListsEveryOneWithItsLibrary() throws Exception {
    String mine1 = backupOfDefault();
    String theirs1 = backupOfOther();
    String mine2 = backupOfDefault();
    String theirs2 = backupOfOther();

    JsonNode defaults = json(ok(home.run("library", "backups", "--json")));
    JsonNode others = json(ok(home.run("--db", "other.db", "library", "backups", "--json")));

    assertThat(filenames(defaults)).containsExactly(mine2, mine1);
    assertThat(defaults.get("total_count").asInt()).isEqualTo(2);
    assertThat(defaults.get("other_libraries_count").asInt()).isEqualTo(2);
    assertThat(filenames(others)).containsExactly(theirs2, theirs1);
    assertThat(others.get("other_libraries_count").asInt()).isEqualTo(2);
    String defaultId = libraryId(home.library());
    String otherId = libraryId(other);
    assertThat(defaultId).isNotNull().isNotEqualTo(otherId);
    assertThat(otherId).as("given at its first backup").isNotNull();
    for (JsonNode b : defaults.get("backups")) {
      assertThat(b.get("library_id").asText()).isEqualTo(defaultId);
      assertThat(b.get("library_path").asText()).isEqualTo(home.library().toString());
    }
    for (JsonNode b : others.get("backups")) {
      assertThat(b.get("library_id").asText()).isEqualTo(otherId);
      assertThat(b.get("library_path").asText()).isEqualTo(other.toString());
    }

    TestHome.Result text = ok(home.run("--db", "other.db", "library", "backups"));
    assertThat(text.out())
        .startsWith("Backups of this library in " + home.backups() + ":")
        .contains(theirs1, theirs2)
        .doesNotContain(mine1)
        .doesNotContain(mine2)
        .contains("2 archives of other libraries not listed (--all lists them)");
    assertThat(text.out()).doesNotContain("LIBRARY");

    JsonNode all = json(ok(home.run("library", "backups", "--all", "--json")));
    assertThat(filenames(all)).containsExactly(theirs2, mine2, theirs1, mine1);
    assertThat(all.has("other_libraries_count")).isFalse();
    TestHome.Result allText = ok(home.run("library", "backups", "--all"));
    List<String> lines = allText.out().lines().toList();
    String header = lines.stream().filter(l -> l.contains("CREATED")).findFirst().orElseThrow();
    assertThat(header).endsWith("LIBRARY");
    assertThat(row(lines, mine1)).endsWith("  " + home.library());
    assertThat(row(lines, mine2)).endsWith("  " + home.library());
    assertThat(row(lines, theirs1)).endsWith("  " + other);
    assertThat(row(lines, theirs2)).endsWith("  " + other);
    assertThat(allText.out()).doesNotContain("other libraries not listed");
  }

  @Test
  void infoReportsTheLibrarysOwnNewestBackupNotAnotherLibrarysNewerOne() throws Exception {
    // The reported case: the empty default library, another library backed up and restored
    // over since (a pre-restore archive of it, newer than anything of the default's).
    TestHome fresh = new TestHome(tmp.resolve("fresh"));
    Path b = fresh.home().resolve("b.db");
    LibraryFixture.createV27(b);
    LibraryFixture.populate(b, 4, 3);
    Path archive =
        ArchiveBuilder.ofNewLibrary(Files.createDirectories(tmp.resolve("scratch")), 2)
            .writeTo(tmp.resolve("incoming.tar.gz"));
    ok(fresh.run("--db", "b.db", "library", "backup"));
    ok(fresh.run("--db", "b.db", "library", "restore", archive.toString(), "--yes"));
    assertThat(DiskState.archivesIn(fresh.backups()))
        .anyMatch(p -> p.getFileName().toString().endsWith("-pre-restore.db"));

    JsonNode none = json(ok(fresh.run("library", "info", "--json")));
    assertThat(none.get("newest_backup").isNull()).as(none.toString()).isTrue();
    assertThat(ok(fresh.run("library", "info")).out())
        .containsPattern("Newest backup: +none \\(make one with: vpo library backup\\)");

    String mine = json(ok(fresh.run("library", "backup", "--json"))).get("path").asText();
    // b's next archive is newer than the default library's.
    String bs =
        json(ok(fresh.run("--db", "b.db", "library", "backup", "--json"))).get("path").asText();

    assertThat(json(ok(fresh.run("library", "info", "--json"))).get("newest_backup").asText())
        .isEqualTo(mine);
    assertThat(
            json(ok(fresh.run("--db", "b.db", "library", "info", "--json")))
                .get("newest_backup")
                .asText())
        .isEqualTo(bs);
  }

  @Test
  void pruneForOneLibraryNeverDeletesAnothersArchivesUnlessToldToPruneEveryLibrary()
      throws Exception {
    String mine1 = backupOfDefault();
    String theirs1 = backupOfOther();
    String mine2 = backupOfDefault();
    String theirs2 = backupOfOther();

    // The other library's archives are the newest: a prune that did not tell libraries apart
    // would keep theirs2 and delete the rest.
    JsonNode pruned =
        json(ok(home.run("library", "backups", "prune", "--keep-last", "1", "--yes", "--json")));

    assertThat(names(pruned.get("remove"))).containsExactly(mine1);
    assertThat(names(pruned.get("keep"))).containsExactly(mine2);
    assertThat(DiskState.names(home.backups())).containsExactlyInAnyOrder(mine2, theirs1, theirs2);

    JsonNode prunedOther =
        json(
            ok(
                home.run(
                    "--db",
                    "other.db",
                    "library",
                    "backups",
                    "prune",
                    "--keep-last",
                    "1",
                    "--yes",
                    "--json")));

    assertThat(names(prunedOther.get("remove"))).containsExactly(theirs1);
    assertThat(DiskState.names(home.backups())).containsExactlyInAnyOrder(mine2, theirs2);

    // Within one second archives are ordered by their name's suffix; a name freed by the prune
    // would be taken again and sort as the oldest.
    waitForNextSecond();
    String mine3 = backupOfDefault();
    // Told in so many words: every library's archives take part.
    TestHome.Result dry =
        ok(
            home.run(
                "library",
                "backups",
                "prune",
                "--keep-last",
                "1",
                "--all-libraries",
                "--dry-run",
                "--json"));
    assertThat(names(json(dry).get("remove"))).containsExactlyInAnyOrder(mine2, theirs2);
    assertThat(DiskState.names(home.backups())).containsExactlyInAnyOrder(mine2, theirs2, mine3);

    JsonNode everyLibrary =
        json(
            ok(
                home.run(
                    "library",
                    "backups",
                    "prune",
                    "--keep-last",
                    "1",
                    "--all-libraries",
                    "--yes",
                    "--json")));

    assertThat(names(everyLibrary.get("keep"))).containsExactly(mine3);
    assertThat(DiskState.names(home.backups())).containsExactly(mine3);
  }

  @Test
  void archivesRecordingNoLibraryAreTheDefaultLibrarysAndAllSaysSo() throws Exception {
    // Archives the Python VPO wrote (compact names, no library record), older than anything.
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Files.createDirectories(home.backups());
    String py1 = "vpo-library-2026-01-01T100000Z.tar.gz";
    String py2 = "vpo-library-2026-01-02T100000Z.tar.gz";
    ArchiveBuilder python = ArchiveBuilder.ofNewLibrary(scratch, 2);
    python
        .createdAt(Instant.parse("2026-01-01T10:00:00Z"))
        .writePythonStyle(home.backups().resolve(py1));
    python
        .createdAt(Instant.parse("2026-01-02T10:00:00Z"))
        .writePythonStyle(home.backups().resolve(py2));
    String theirs = backupOfOther();

    JsonNode defaults = json(ok(home.run("library", "backups", "--json")));
    JsonNode others = json(ok(home.run("--db", "other.db", "library", "backups", "--json")));

    assertThat(filenames(defaults)).containsExactly(py2, py1);
    for (JsonNode b : defaults.get("backups")) {
      assertThat(b.get("readable").asBoolean()).isTrue();
      assertThat(b.has("library_id")).as(b.toString()).isFalse();
    }
    assertThat(filenames(others)).containsExactly(theirs);
    assertThat(others.get("other_libraries_count").asInt()).isEqualTo(2);

    List<String> all = ok(home.run("library", "backups", "--all")).out().lines().toList();
    assertThat(row(all, py1)).endsWith("  (no record: the default library's)");
    assertThat(row(all, py2)).endsWith("  (no record: the default library's)");
    assertThat(row(all, theirs)).endsWith("  " + other);

    // The other library's prune leaves them; the default library's may delete them.
    ok(home.run("--db", "other.db", "library", "backups", "prune", "--keep-last", "1", "--yes"));
    assertThat(DiskState.names(home.backups())).containsExactlyInAnyOrder(py1, py2, theirs);
    JsonNode pruned =
        json(ok(home.run("library", "backups", "prune", "--keep-last", "1", "--yes", "--json")));
    assertThat(names(pruned.get("remove"))).containsExactly(py1);
    assertThat(DiskState.names(home.backups())).containsExactlyInAnyOrder(py2, theirs);
  }

  @Test
  void theFirstBackupWithPruneOfALibraryWithoutAnIdCountsTheNewArchiveAsItsOwn() throws Exception {
    // A library the Python VPO made (no id), with its two archives; retention keeps one.
    TestHome python = TestHome.withLibrary(tmp.resolve("python"), Start.LIBRARY_ONLY, 2, 5);
    Files.createDirectories(python.backups());
    Files.writeString(python.dataDir().resolve("config.toml"), "[backup]\nkeep_last = 1\n");
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    String py1 = "vpo-library-2026-01-01T100000Z.tar.gz";
    String py2 = "vpo-library-2026-01-02T100000Z.tar.gz";
    ArchiveBuilder archive = ArchiveBuilder.ofNewLibrary(scratch, 2);
    archive
        .createdAt(Instant.parse("2026-01-01T10:00:00Z"))
        .writePythonStyle(python.backups().resolve(py1));
    archive
        .createdAt(Instant.parse("2026-01-02T10:00:00Z"))
        .writePythonStyle(python.backups().resolve(py2));
    withoutId(python.library());

    JsonNode r = python.backup("--prune");

    String made = Path.of(r.get("path").asText()).getFileName().toString();
    assertThat(libraryId(python.library())).isNotNull();
    assertThat(names(r.get("prune").get("keep"))).containsExactly(made);
    assertThat(names(r.get("prune").get("remove"))).containsExactlyInAnyOrder(py1, py2);
    assertThat(DiskState.names(python.backups())).containsExactly(made);
  }

  @Test
  void archiveLikeFilesNotNamedLikeBackupsAreCountedAndAllListsTheReadableOnes() throws Exception {
    String mine = backupOfDefault();
    Files.copy(home.backups().resolve(mine), home.backups().resolve("before-upgrade.tar.gz"));
    Files.writeString(home.backups().resolve("notes.txt"), "not an archive");

    TestHome.Result text = ok(home.run("library", "backups"));
    JsonNode doc = json(ok(home.run("library", "backups", "--json")));

    assertThat(text.out().lines())
        .contains("1 other file not listed: before-upgrade.tar.gz")
        .noneMatch(l -> l.contains("notes.txt"));
    assertThat(filenames(doc)).containsExactly(mine);
    assertThat(doc.get("other_files").toString()).isEqualTo("[\"before-upgrade.tar.gz\"]");
    // A library with no archives of its own hears of them too.
    TestHome.Result none = ok(home.run("--db", "other.db", "library", "backups"));
    assertThat(none.out().lines())
        .startsWith("No backups of this library in " + home.backups() + ".")
        .contains("1 other file not listed: before-upgrade.tar.gz");

    // --all lists it: it is a readable vpo archive. One that is not stays counted.
    ArchiveBuilder.write(home.backups().resolve("broken.tar.gz"), new byte[] {1, 2, 3});
    JsonNode all = json(ok(home.run("library", "backups", "--all", "--json")));
    TestHome.Result allText = ok(home.run("library", "backups", "--all"));

    assertThat(filenames(all)).containsExactlyInAnyOrder(mine, "before-upgrade.tar.gz");
    assertThat(all.get("other_files").toString()).isEqualTo("[\"broken.tar.gz\"]");
    assertThat(row(allText.out().lines().toList(), "before-upgrade.tar.gz"))
        .endsWith("  " + home.library());
    assertThat(allText.out().lines()).contains("1 other file not listed: broken.tar.gz");

    // Never deleted by prune, which deletes only archives named like backups.
    String newer = backupOfDefault();
    ok(home.run("library", "backups", "prune", "--keep-last", "1", "--all-libraries", "--yes"));
    assertThat(DiskState.names(home.backups()))
        .containsExactlyInAnyOrder(newer, "before-upgrade.tar.gz", "broken.tar.gz", "notes.txt");
  }

  // --- helpers

  private static void waitForNextSecond() throws InterruptedException {
    long second = Instant.now().getEpochSecond();
    while (Instant.now().getEpochSecond() == second) {
      Thread.sleep(20);
    }
  }

  static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(b -> names.add(b.get("filename").asText()));
    return names;
  }

  private String backupOfDefault() {
    return Path.of(home.backup().get("path").asText()).getFileName().toString();
  }

  private String backupOfOther() {
    TestHome.Result r = home.run("--db", "other.db", "library", "backup", "--json");
    return Path.of(json(ok(r)).get("path").asText()).getFileName().toString();
  }

  static TestHome.Result ok(TestHome.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  static List<String> filenames(JsonNode listing) {
    List<String> names = new ArrayList<>();
    listing.get("backups").forEach(b -> names.add(b.get("filename").asText()));
    return names;
  }

  static String row(List<String> lines, String filename) {
    return lines.stream()
        .filter(l -> l.contains(filename))
        .findFirst()
        .orElseThrow(() -> new AssertionError(filename + " not listed in " + lines));
  }

  /** Removes the library's id, as the Python VPO (or a vpo before ids) leaves a library. */
  static void withoutId(Path db) {
    LibraryFixture.execute(db, "DELETE FROM _meta WHERE key = 'library_id'");
    assertThat(libraryId(db)).isNull();
  }

  static String libraryId(Path db) {
    try (var c = LibraryFixture.connect(db, LibraryFixture.Access.READ_ONLY);
        var s = c.createStatement();
        var r = s.executeQuery("SELECT value FROM _meta WHERE key = 'library_id'")) {
      return r.next() ? r.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }
}
