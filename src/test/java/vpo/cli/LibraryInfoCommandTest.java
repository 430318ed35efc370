package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;

/** {@code vpo library info}: what the library is, in text and in JSON. */
class LibraryInfoCommandTest {
  @TempDir Path tmp;

  private TestHome homeWithFiles(int files, long sizeEach) {
    TestHome home = new TestHome(tmp);
    home.run("init");
    LibraryFixture.addFiles(home.library(), files, sizeEach);
    return home;
  }

  @Test
  void jsonHasEveryFieldWithItsType() throws Exception {
    TestHome home = homeWithFiles(1234, 1_048_576);
    long size = Files.size(home.library());

    TestHome.Result r = home.run("library", "info", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("path").isTextual()).isTrue();
    assertThat(doc.get("path").textValue()).isEqualTo(home.library().toString());
    for (String integer :
        new String[] {
          "size_bytes",
          "database_size_bytes",
          "wal_size_bytes",
          "file_count",
          "track_count",
          "total_media_size_bytes",
          "page_size",
          "page_count",
          "free_pages"
        }) {
      assertThat(doc.get(integer)).as(integer).isNotNull();
      assertThat(doc.get(integer).isIntegralNumber()).as(integer + " in " + doc).isTrue();
      assertThat(doc.get(integer).longValue()).as(integer).isNotNegative();
    }
    assertThat(doc.get("schema_version").isInt()).isTrue();
    assertThat(doc.get("schema_version").intValue()).isEqualTo(27);
    assertThat(doc.get("schema_supported").isBoolean()).isTrue();
    assertThat(doc.get("schema_supported").booleanValue()).isTrue();
    assertThat(doc.get("journal_mode").textValue()).isEqualTo("wal");
    for (String absent :
        new String[] {"newest_backup", "newest_backup_created_at", "newest_backup_age_seconds"}) {
      assertThat(doc.has(absent)).as(absent).isTrue();
      assertThat(doc.get(absent).isNull()).as(absent).isTrue();
    }

    assertThat(doc.get("file_count").longValue()).isEqualTo(1234);
    assertThat(doc.get("track_count").longValue()).isZero();
    assertThat(doc.get("total_media_size_bytes").longValue()).isEqualTo(1234L * 1_048_576);
    assertThat(doc.get("database_size_bytes").longValue()).isEqualTo(size);
    assertThat(doc.get("size_bytes").longValue())
        .isEqualTo(
            doc.get("database_size_bytes").longValue() + doc.get("wal_size_bytes").longValue());
    assertThat(doc.get("page_size").longValue() * doc.get("page_count").longValue())
        .isEqualTo(size);
  }

  @Test
  void textShowsSizesAndCountsForPeople() {
    TestHome home = homeWithFiles(1234, 1_048_576);

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains(home.library().toString())
        .containsPattern("Schema:\\s+27\\n")
        .containsPattern("Files:\\s+1,234\\n")
        .containsPattern("Tracks:\\s+0\\n")
        .containsPattern("Media size:\\s+1\\.2 GB\\n")
        .containsPattern("Size on disk:\\s+\\d+\\.\\d KB")
        .containsPattern("Journal mode:\\s+wal")
        .contains("none (make one with: vpo library backup)");
  }

  @Test
  void readsTheLibraryWithoutChangingIt() {
    TestHome home = homeWithFiles(10, 5);
    String before = Sha256.of(home.library());

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  @Test
  void worksOnALibraryElsewhereNamedByDb() {
    TestHome home = new TestHome(tmp);
    Path library = LibraryFixture.createV27(tmp.resolve("other").resolve("vpo.db"));
    LibraryFixture.addFiles(library, 7, 100);

    TestHome.Result r = home.run("library", "info", "--json", "--db", library.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("path").textValue()).isEqualTo(library.toString());
    assertThat(doc.get("file_count").longValue()).isEqualTo(7);
    assertThat(home.library()).as("the default library is not created").doesNotExist();
  }

  @Test
  void dbIsAGlobalFlagAndMayComeFirst() {
    TestHome home = new TestHome(tmp);
    Path library = LibraryFixture.createV27(tmp.resolve("first.db"));

    TestHome.Result r = home.run("--db", library.toString(), "library", "info", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).get("path").textValue()).isEqualTo(library.toString());
  }

  @Test
  void aRelativeDbIsTakenFromTheWorkingDirectory() {
    // TestHome runs vpo with the home as its working directory.
    TestHome home = new TestHome(tmp);
    Path library = LibraryFixture.createV27(home.home().resolve("libs").resolve("rel.db"));

    TestHome.Result r = home.run("library", "info", "--json", "--db", "libs/rel.db");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).get("path").textValue()).isEqualTo(library.toString());
  }

  @Test
  void jsonKeysAreSnakeCase() {
    TestHome home = homeWithFiles(1, 1);

    JsonNode doc = json(home.run("library", "info", "--json"));

    for (Map.Entry<String, JsonNode> field : doc.properties()) {
      assertThat(field.getKey()).matches("[a-z]+(_[a-z]+)*");
    }
  }
}
