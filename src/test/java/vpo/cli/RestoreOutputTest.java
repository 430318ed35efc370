package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Restore from standard input, {@code --dry-run}, and the JSON documents (PRODUCT.md restore 7 and
 * section 5).
 */
class RestoreOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

  @TempDir Path tmp;
  private TestHome home;
  private Path archive;
  private Path archivedDb;
  private LibraryContent archived;

  @BeforeEach
  void libraryAndArchive() {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 3, 1);
    archivedDb = LibraryFixture.createV27(tmp.resolve("other.db"));
    LibraryFixture.populate(archivedDb, 4, 2);
    LibraryFixture.selfContained(archivedDb);
    archived = LibraryContent.read(archivedDb);
    archive = ArchiveBuilder.of(archivedDb).writeTo(tmp.resolve("in").resolve("a.tar.gz"));
  }

  @Test
  void dashReadsTheArchiveFromStandardInput() throws Exception {
    TestHome.Result r =
        home.stdin(Files.readAllBytes(archive)).run("library", "restore", "-", "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(LibraryContent.read(home.library())).isEqualTo(archived);
  }

  @Test
  void dashOverAnExistingLibraryNeedsYesEvenOnATerminal() throws Exception {
    SortedMap<String, String> before = disk();

    TestHome.Result r =
        home.terminal(true).stdin(Files.readAllBytes(archive)).run("library", "restore", "-");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("--yes");
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void dashWithADamagedStreamIsExit3() throws Exception {
    byte[] bytes = Files.readAllBytes(archive);
    SortedMap<String, String> before = disk();

    TestHome.Result r =
        home.stdin(java.util.Arrays.copyOf(bytes, bytes.length / 2))
            .run("library", "restore", "-", "--yes");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void dryRunDescribesAndChangesNothing() {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--dry-run");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(archive.toString())
        .contains("2026-02-05 14:30 UTC")
        .contains("27")
        .contains("Nothing was changed");
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void dryRunJsonHasTheDocumentedShape() throws Exception {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--dry-run", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = onlyDocument(r.out());
    assertThat(fieldNames(doc))
        .contains(
            "dry_run",
            "valid",
            "backup_path",
            "created_at",
            "vpo_version",
            "schema_version",
            "current_schema_version",
            "schema_mismatch",
            "database_size_bytes",
            "file_count");
    assertThat(doc.get("dry_run").isBoolean() && doc.get("dry_run").asBoolean()).isTrue();
    assertThat(doc.get("valid").isBoolean() && doc.get("valid").asBoolean()).isTrue();
    assertThat(doc.get("backup_path").asText()).isEqualTo(archive.toString());
    assertThat(doc.get("created_at").asText()).isEqualTo("2026-02-05T14:30:22Z");
    assertThat(doc.get("vpo_version").isTextual()).isTrue();
    assertThat(doc.get("schema_version").isInt()).isTrue();
    assertThat(doc.get("schema_version").asInt()).isEqualTo(27);
    assertThat(doc.get("current_schema_version").asInt()).isEqualTo(27);
    assertThat(doc.get("schema_mismatch").isBoolean()).isTrue();
    assertThat(doc.get("schema_mismatch").asBoolean()).isFalse();
    assertThat(doc.get("database_size_bytes").isIntegralNumber()).isTrue();
    assertThat(doc.get("database_size_bytes").asLong()).isEqualTo(Files.size(archivedDb));
    assertThat(doc.get("file_count").isIntegralNumber()).isTrue();
    assertThat(doc.get("file_count").asLong())
        .isEqualTo(archived.tables().get("files").rows().size());
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void dryRunOfADamagedArchiveIsExit3WithAJsonError() throws Exception {
    byte[] bytes = Files.readAllBytes(archive);
    Path bad = ArchiveBuilder.write(tmp.resolve("bad.tar.gz"), java.util.Arrays.copyOf(bytes, 100));
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "restore", bad.toString(), "--dry-run", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    JsonNode doc = onlyDocument(r.out());
    assertThat(doc.get("success").asBoolean()).isFalse();
    assertThat(doc.get("error_code").asText()).isEqualTo("invalid_archive");
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void restoreJsonHasTheDocumentedShape() throws Exception {
    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = onlyDocument(r.out());
    assertThat(fieldNames(doc))
        .contains(
            "success",
            "source_path",
            "database_path",
            "duration_seconds",
            "schema_mismatch",
            "file_count",
            "safety_backup_path");
    assertThat(doc.get("success").isBoolean() && doc.get("success").asBoolean()).isTrue();
    assertThat(doc.get("source_path").asText()).isEqualTo(archive.toString());
    assertThat(doc.get("database_path").asText()).isEqualTo(home.library().toString());
    assertThat(doc.get("duration_seconds").isNumber()).isTrue();
    assertThat(doc.get("duration_seconds").asDouble()).isNotNegative();
    assertThat(doc.get("schema_mismatch").isBoolean()).isTrue();
    assertThat(doc.get("file_count").asLong())
        .isEqualTo(archived.tables().get("files").rows().size());
    assertThat(doc.get("safety_backup_path").isTextual()).isTrue();
    assertThat(Path.of(doc.get("safety_backup_path").asText())).isRegularFile();
    assertThat(r.err()).as("nothing but the document under --json").isEmpty();
    assertThat(LibraryContent.read(home.library())).isEqualTo(archived);
  }

  @Test
  void createdAtInJsonIsIsoUtc() throws Exception {
    Path made = tmp.resolve("made.tar.gz");
    assertThat(home.run("library", "backup", "-o", made.toString()).exitCode()).isZero();

    TestHome.Result r = home.run("library", "restore", made.toString(), "--dry-run", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(onlyDocument(r.out()).get("created_at").asText()).matches(ISO_UTC);
  }

  /** Parses stdout, which must hold exactly one JSON document and nothing else. */
  private static JsonNode onlyDocument(String out) throws Exception {
    var parser = JSON.createParser(out);
    JsonNode doc = JSON.readTree(parser);
    assertThat(parser.nextToken()).as("anything after the document: " + out).isNull();
    assertThat(doc.isObject()).isTrue();
    return doc;
  }

  private static List<String> fieldNames(JsonNode doc) {
    List<String> names = new ArrayList<>();
    doc.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private SortedMap<String, String> disk() {
    return DiskState.of(tmp, home.dataDir().resolve("logs"));
  }
}
