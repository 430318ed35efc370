package vpo.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.SchemaConformance;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Schema versions on restore and on open (PRODUCT.md section 2, restore 2; LIBRARY-SCHEMA.md
 * "Migrations"): an archive of 25 or 26 is restored and migrated to 27 keeping every row; one newer
 * than 27, or older than vpo can migrate, is refused with exit 6 before anything changes. A library
 * at 25 opened by any command is migrated after a pre-migration archive is saved; one at 20 is left
 * alone.
 */
class RestoreSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private TestHome home;

  @BeforeEach
  void existingLibrary() {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 3, 1);
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(ints = {25, 26})
  void olderArchiveIsRestoredAndMigratedKeepingEveryRow(int version) throws Exception {
    Path old = oldLibrary(version);
    LibraryContent before = LibraryContent.read(old);
    Path archive = ArchiveBuilder.of(old).writeTo(tmp.resolve("in").resolve("old.tar.gz"));

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.get("schema_mismatch").asBoolean()).isTrue();
    assertThat(SchemaConformance.differences(home.library())).isEmpty();
    LibraryContent after = LibraryContent.read(home.library());
    assertKept(before, after);
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(ints = {25, 26})
  void olderArchiveWarnsInTextOutput(int version) throws Exception {
    Path archive =
        ArchiveBuilder.of(oldLibrary(version)).writeTo(tmp.resolve("in").resolve("old.tar.gz"));

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Warning:").contains(Integer.toString(version));
  }

  @Test
  void dryRunOfAnOlderArchiveReportsTheMismatchAndChangesNothing() throws Exception {
    Path archive =
        ArchiveBuilder.of(oldLibrary(25)).writeTo(tmp.resolve("in").resolve("old.tar.gz"));
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--dry-run", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.get("schema_version").asInt()).isEqualTo(25);
    assertThat(doc.get("current_schema_version").asInt()).isEqualTo(27);
    assertThat(doc.get("schema_mismatch").asBoolean()).isTrue();
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void archiveNewerThanVpoIsRefusedWithExit6() throws Exception {
    Path newer = LibraryFixture.createV27(tmp.resolve("v28.db"));
    LibraryFixture.populate(newer, 2, 3);
    LibraryFixture.setSchemaVersion(newer, "28");
    LibraryFixture.selfContained(newer);
    Path archive = ArchiveBuilder.of(newer).writeTo(tmp.resolve("in").resolve("v28.tar.gz"));
    assertThat(ArchiveSeenByCommonsCompress.read(archive).metadata().get("schema_version").asInt())
        .isEqualTo(28);

    assertRefusedWithExit6(archive);
  }

  @Test
  void archiveTooOldToMigrateIsRefusedWithExit6() throws Exception {
    Path v20 = LibraryFixture.selfContained(LibraryFixture.createV20(tmp.resolve("v20.db")));
    Path archive = ArchiveBuilder.of(v20).writeTo(tmp.resolve("in").resolve("v20.tar.gz"));

    assertRefusedWithExit6(archive);
  }

  @Test
  void libraryNewerThanVpoIsNotReplaced() throws Exception {
    LibraryFixture.setSchemaVersion(home.library(), "28");
    Path other = LibraryFixture.createV27(tmp.resolve("other.db"));
    Path archive =
        ArchiveBuilder.of(LibraryFixture.selfContained(other)).writeTo(tmp.resolve("a.tar.gz"));

    assertRefusedWithExit6(archive);
  }

  @Test
  void openingAV25LibraryMigratesItAfterSavingAPreMigrationArchive() throws Exception {
    Files.delete(home.library());
    Path v25 = oldLibrary(25);
    Files.copy(v25, home.library());
    LibraryContent before = LibraryContent.read(v25);

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(SchemaConformance.differences(home.library())).isEmpty();
    LibraryContent after = LibraryContent.read(home.library());
    assertKept(before, after);

    List<String> saved = DiskState.names(home.backups());
    assertThat(saved)
        .singleElement()
        .asString()
        .matches("vpo-library-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z-pre-migration\\.tar\\.gz");
    Path archive = home.backups().resolve(saved.get(0));
    assertThat(r.err()).contains(archive.toString());
    // The archive holds the library exactly as it was, at 25 ...
    Path inside = tmp.resolve("inside.db");
    ArchiveSeenByCommonsCompress.read(archive, inside);
    assertThat(LibraryContent.read(inside)).isEqualTo(before);
    // ... and vpo restores it (migrating it again) with every row.
    Path elsewhere = tmp.resolve("elsewhere").resolve("library.db");
    TestHome.Result restored =
        home.run("--db", elsewhere.toString(), "library", "restore", archive.toString());
    assertThat(restored.exitCode()).as(restored.toString()).isZero();
    LibraryContent again = LibraryContent.read(elsewhere);
    assertKept(before, again);
  }

  @Test
  void openingAV20LibraryIsExit6AndLeavesItAlone() throws Exception {
    Files.delete(home.library());
    LibraryFixture.createV20(home.library());
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    assertThat(r.err().lines()).singleElement().asString().startsWith("Error: ").contains("20");
    assertThat(disk()).isEqualTo(before);
  }

  /** Every row of {@code before} is in {@code after}, column for column; only the version moved. */
  private static void assertKept(LibraryContent before, LibraryContent after) {
    assertThat(after.sharedWith(before).without("_meta").render())
        .isEqualTo(before.sharedWith(after).without("_meta").render());
  }

  private void assertRefusedWithExit6(Path archive) {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    assertThat(r.err().lines()).as(r.toString()).singleElement().asString().startsWith("Error: ");
    assertThat(disk()).isEqualTo(before);
  }

  /** A populated library at {@code version} (25 or 26), as one self-contained file. */
  private Path oldLibrary(int version) {
    Path file = tmp.resolve("v" + version + ".db");
    if (version == 25) {
      LibraryFixture.createV25(file);
    } else {
      LibraryFixture.createV26(file);
    }
    LibraryFixture.populate(file, 4, version);
    return LibraryFixture.selfContained(file);
  }

  private SortedMap<String, String> disk() {
    return DiskState.of(tmp, home.dataDir().resolve("logs"));
  }
}
