package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.LibraryFixture.assertHealthy;
import static vpo.testing.LibraryFixture.queryLong;

import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.library.LibrarySchema;
import vpo.testing.LibraryFixture.Access;

class LibraryFixtureTest {
  @TempDir Path dir;

  @Test
  void populatedLibraryIsConsistentAndConforms() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    LibraryFixture.populate(library, 40, 7);

    assertHealthy(library);
    assertThat(SchemaConformance.differences(library)).isEmpty();
    assertThat(LibraryContent.read(library).rowCounts())
        .containsEntry("files", 40)
        .containsEntry("policies", 4)
        .containsEntry("plugin_acknowledgments", 3)
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
  }

  @Test
  void populatedLibraryLooksLikeARealOne() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    LibraryFixture.populate(library, 40, 7);

    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY)) {
      assertThat(queryLong(c, "SELECT count(DISTINCT job_type || '/' || status) FROM jobs"))
          .as("every job type in every status")
          .isEqualTo(30);
      assertThat(
              queryLong(c, "SELECT min(n) FROM (SELECT count(*) n FROM tracks GROUP BY file_id)"))
          .isGreaterThanOrEqualTo(5);
      assertThat(
              queryLong(c, "SELECT max(n) FROM (SELECT count(*) n FROM tracks GROUP BY file_id)"))
          .isLessThanOrEqualTo(15);
      assertThat(queryLong(c, "SELECT count(*) FROM files WHERE path LIKE '%千と千尋%'")).isPositive();
      assertThat(queryLong(c, "SELECT count(*) FROM files WHERE path LIKE '%🎬%'")).isPositive();
      assertThat(queryLong(c, "SELECT count(*) FROM files WHERE json_valid(plugin_metadata)"))
          .isPositive();
      assertThat(queryLong(c, "SELECT count(*) FROM files WHERE json_valid(container_tags)"))
          .isPositive();
      assertThat(queryLong(c, "SELECT count(*) FROM processing_stats WHERE job_id IS NOT NULL"))
          .isPositive();
      assertThat(queryLong(c, "SELECT count(DISTINCT track_type) FROM transcription_results"))
          .isEqualTo(6);
      assertThat(queryLong(c, "SELECT count(DISTINCT status) FROM operations")).isEqualTo(5);
      assertThat(queryLong(c, "SELECT count(DISTINCT status) FROM plans")).isEqualTo(5);
    }
  }

  @Test
  void sameSeedSameContentOtherSeedOtherContent() {
    Path a = LibraryFixture.createV27(dir.resolve("a.db"));
    Path b = LibraryFixture.createV27(dir.resolve("b.db"));
    Path other = LibraryFixture.createV27(dir.resolve("other.db"));
    LibraryFixture.populate(a, 25, 42);
    LibraryFixture.populate(b, 25, 42);
    LibraryFixture.populate(other, 25, 43);

    assertThat(LibraryContent.dump(a)).isEqualTo(LibraryContent.dump(b));
    assertThat(LibraryContent.dump(a)).isNotEqualTo(LibraryContent.dump(other));
  }

  @Test
  void populatingAgainAddsMore() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    LibraryFixture.populate(library, 10, 1);
    LibraryFixture.populate(library, 10, 1);

    assertHealthy(library);
    assertThat(LibraryContent.read(library).rowCounts())
        .containsEntry("files", 20)
        .containsEntry("policies", 8);
  }

  @Test
  void version25LayoutIsTheOldOne() throws Exception {
    Path library = LibraryFixture.createV25(dir.resolve("library.db"));

    assertHealthy(library);
    LibraryContent content = LibraryContent.read(library);
    assertThat(content.tables()).doesNotContainKey("library_snapshots");
    assertThat(content.tables().get("files").columns()).doesNotContain("container_tags");
    assertThat(content.schema())
        .filteredOn(e -> e.name().equals("jobs"))
        .singleElement()
        .satisfies(e -> assertThat(e.sql()).doesNotContain("prune").contains("'process'"));
    assertThat(content.rowCounts()).containsEntry("files", 12);
    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY)) {
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(25);
      assertThat(queryLong(c, "SELECT count(*) FROM processing_stats WHERE job_id IS NOT NULL"))
          .isPositive();
    }
  }

  @Test
  void version26LayoutIsTheOldOne() throws Exception {
    Path library = LibraryFixture.createV26(dir.resolve("library.db"));

    assertHealthy(library);
    LibraryContent content = LibraryContent.read(library);
    assertThat(content.rowCounts()).containsKey("library_snapshots").containsEntry("files", 12);
    assertThat(content.tables().get("files").columns()).doesNotContain("container_tags");
    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY)) {
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(26);
    }
  }

  @Test
  void version20LibraryDeclares20() throws Exception {
    Path library = LibraryFixture.createV20(dir.resolve("library.db"));

    assertHealthy(library);
    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY)) {
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(20);
    }
    assertThat(LibraryContent.read(library).rowCounts()).containsEntry("tracks", 2);
  }
}
