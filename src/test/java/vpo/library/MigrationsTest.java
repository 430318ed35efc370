package vpo.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.testing.LibraryFixture.assertHealthy;
import static vpo.testing.LibraryFixture.queryLong;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.SchemaConformance;
import vpo.testing.Sha256;

class MigrationsTest {
  @TempDir Path dir;

  @Test
  void migratesV25ToCurrentKeepingEveryRow() throws Exception {
    Path library = LibraryFixture.createV25(dir.resolve("library.db"));
    LibraryContent before = LibraryContent.read(library);
    long linkedStats =
        queryLong(
            library,
            Access.READ_ONLY,
            "SELECT count(*) FROM processing_stats WHERE job_id IS NOT NULL");
    assertThat(linkedStats).as("fixture links stats to jobs").isPositive();

    try (Connection c = LibraryFixture.connect(library)) {
      Migrations.migrate(c, 25, 27);

      assertThat(LibrarySchema.readVersion(c)).isEqualTo(27);
      assertThat(queryLong(c, "PRAGMA foreign_keys")).as("foreign_keys restored").isEqualTo(1);
      assertThat(queryLong(c, "PRAGMA legacy_alter_table")).isZero();
    }

    assertThat(SchemaConformance.differences(library)).isEmpty();
    LibraryContent after = LibraryContent.read(library);
    assertThat(after.sharedWith(before).without("_meta").render())
        .isEqualTo(before.sharedWith(after).without("_meta").render());
    assertThat(after.rowCounts()).containsEntry("library_snapshots", 0);
    assertThat(
            queryLong(
                library,
                Access.READ_ONLY,
                "SELECT count(*) FROM processing_stats WHERE job_id IS NOT NULL"))
        .as("dropping the old jobs table did not null processing_stats.job_id")
        .isEqualTo(linkedStats);
    assertHealthy(library);
  }

  @Test
  void migratedJobsTableReadsExactlyLikeAFreshOne() {
    Path migrated = LibraryFixture.createV25(dir.resolve("migrated.db"));
    migrate(migrated, 25, 27);
    Path fresh = LibraryFixture.createV27(dir.resolve("fresh.db"));

    assertThat(schemaOf(migrated, "jobs")).isEqualTo(schemaOf(fresh, "jobs"));
    assertThat(schemaOf(migrated, "library_snapshots"))
        .isEqualTo(schemaOf(fresh, "library_snapshots"));
    assertThat(schemaOf(migrated, "processing_stats"))
        .as("the reference to jobs(id) was not rewritten")
        .isEqualTo(schemaOf(fresh, "processing_stats"));
  }

  @Test
  void jobsAcceptPruneOnlyAfterMigrating() throws Exception {
    Path library = LibraryFixture.createV25(dir.resolve("library.db"));
    String insertPrune =
        "INSERT INTO jobs (id, file_path, job_type, created_at)"
            + " VALUES ('prune-1', '/media', 'prune', '2025-01-01T00:00:00+00:00')";
    try (Connection c = LibraryFixture.connect(library);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(insertPrune))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("valid_job_type");

      Migrations.migrate(c, 25, 27);
      s.execute(insertPrune);
    }
    assertThat(
            queryLong(
                library, Access.READ_ONLY, "SELECT count(*) FROM jobs WHERE job_type = 'prune'"))
        .isEqualTo(1);
  }

  @Test
  void migratesV26ToCurrent() throws Exception {
    Path library = LibraryFixture.createV26(dir.resolve("library.db"));
    LibraryContent before = LibraryContent.read(library);

    migrate(library, 26, 27);

    assertThat(SchemaConformance.differences(library)).isEmpty();
    LibraryContent after = LibraryContent.read(library);
    assertThat(after.sharedWith(before).without("_meta").render())
        .isEqualTo(before.sharedWith(after).without("_meta").render());
    assertThat(
            queryLong(
                library,
                Access.READ_ONLY,
                "SELECT count(*) FROM files WHERE container_tags IS NOT NULL"))
        .isZero();
    assertHealthy(library);
  }

  @Test
  void migratesOneStepAtATime() throws Exception {
    Path library = LibraryFixture.createV25(dir.resolve("library.db"));

    migrate(library, 25, 26);

    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY)) {
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(26);
    }
    assertThat(columns(library, "files")).doesNotContain("container_tags");
    assertThat(LibraryContent.read(library).tables()).containsKey("library_snapshots");
  }

  @Test
  void runningEachStepAgainChangesNothing() throws Exception {
    Path library = LibraryFixture.createV25(dir.resolve("library.db"));
    migrate(library, 25, 27);
    String once = LibraryContent.dump(library);

    // As if the version row had not been written: both steps find their work done.
    LibraryFixture.setSchemaVersion(library, "25");
    migrate(library, 25, 27);
    assertThat(LibraryContent.dump(library)).isEqualTo(once);

    LibraryFixture.setSchemaVersion(library, "26");
    migrate(library, 26, 27);
    assertThat(LibraryContent.dump(library)).isEqualTo(once);
  }

  @Test
  void finishesALibraryWhoseJobsWereRebuiltButHasNoSnapshotsYet() {
    // What the Python VPO leaves when it stops between its two 25 → 26 transactions.
    List<String> ddl =
        LibraryFixture.ddlV26().stream().filter(s -> !s.contains("library_snapshots")).toList();
    Path library = LibraryFixture.createLayout(dir.resolve("library.db"), ddl, 25);
    LibraryFixture.populate(library, 8, 3);
    LibraryContent before = LibraryContent.read(library);

    migrate(library, 25, 27);

    assertThat(SchemaConformance.differences(library)).isEmpty();
    LibraryContent after = LibraryContent.read(library);
    assertThat(after.sharedWith(before).without("_meta").render())
        .isEqualTo(before.sharedWith(after).without("_meta").render());
  }

  @Test
  void acceptsALibraryThatAlreadyHasEveryChangeButAnOldVersionRow() {
    Path library = LibraryFixture.createLayout(dir.resolve("library.db"), LibrarySchema.ddl(), 25);
    LibraryFixture.populate(library, 8, 4);
    LibraryContent before = LibraryContent.read(library);

    migrate(library, 25, 27);

    assertThat(SchemaConformance.differences(library)).isEmpty();
    assertThat(LibraryContent.read(library).without("_meta").render())
        .isEqualTo(before.without("_meta").render());
  }

  @Test
  void rebuildsJobsOfAnOlderShapeCopyingColumnsByName() throws Exception {
    Path library = LibraryFixture.createV25(dir.resolve("library.db"));
    replaceJobsWithOlderShape(library);
    LibraryContent before = LibraryContent.read(library);

    migrate(library, 25, 27);

    assertThat(SchemaConformance.differences(library)).isEmpty();
    LibraryContent after = LibraryContent.read(library);
    assertThat(after.sharedWith(before).without("_meta").render())
        .isEqualTo(before.sharedWith(after).without("_meta").render());
    assertHealthy(library);
  }

  @Test
  void aFailedMigrationLeavesTheLibraryAsItWas() throws Exception {
    Path library = LibraryFixture.createV25(dir.resolve("library.db"));
    replaceJobsWithOlderShape(library);
    // Allowed by the older CHECK, refused by valid_priority in the current one.
    LibraryFixture.execute(
        library, "UPDATE jobs SET priority = 5000 WHERE rowid = (SELECT min(rowid) FROM jobs)");
    String before = LibraryContent.dump(library);

    try (Connection c = LibraryFixture.connect(library)) {
      assertThatThrownBy(() -> Migrations.migrate(c, 25, 27))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("valid_priority");

      assertThat(c.getAutoCommit()).isTrue();
      assertThat(queryLong(c, "PRAGMA foreign_keys")).isEqualTo(1);
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(25);
    }
    assertThat(LibraryContent.dump(library)).isEqualTo(before);
  }

  @Test
  void refusesALibraryOlderThan25AndLeavesItUntouched() throws Exception {
    Path library = LibraryFixture.createV20(dir.resolve("library.db"));
    String hash = Sha256.of(library);

    try (Connection c = LibraryFixture.connect(library)) {
      int version = LibrarySchema.readVersion(c);
      assertThatThrownBy(() -> Migrations.migrate(c, version, LibrarySchema.CURRENT_VERSION))
          .isInstanceOf(SchemaIncompatibleException.class)
          .hasMessage("library schema version 20 is older than vpo can migrate (25 or newer)")
          .satisfies(
              e -> {
                SchemaIncompatibleException sie = (SchemaIncompatibleException) e;
                assertThat(sie.foundVersion()).isEqualTo("20");
                assertThat(sie.hint()).contains("Python VPO");
              });
    }
    assertUntouched(library, hash);
  }

  @Test
  void refusesALibraryNewerThanCurrentAndLeavesItUntouched() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    LibraryFixture.populate(library, 3, 28);
    LibraryFixture.setSchemaVersion(library, "28");
    String hash = Sha256.of(library);

    try (Connection c = LibraryFixture.connect(library)) {
      int version = LibrarySchema.readVersion(c);
      assertThatThrownBy(() -> Migrations.migrate(c, version, LibrarySchema.CURRENT_VERSION))
          .isInstanceOf(SchemaIncompatibleException.class)
          .hasMessage("library schema version 28 is newer than this vpo supports (27)")
          .satisfies(e -> assertThat(((SchemaIncompatibleException) e).hint()).contains("28"));
    }
    assertUntouched(library, hash);
  }

  @Test
  void refusesWhenTheLibraryDeclaresAnotherVersion() throws Exception {
    Path library = LibraryFixture.createV26(dir.resolve("library.db"));
    String hash = Sha256.of(library);

    try (Connection c = LibraryFixture.connect(library)) {
      assertThatThrownBy(() -> Migrations.migrate(c, 25, 27))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the library declares schema version 26, not 25");
      assertThatThrownBy(() -> Migrations.migrate(c, 26, 28))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertUntouched(library, hash);
  }

  /**
   * Rebuilds the fixture's jobs the way a library that went through the Python VPO's older
   * migrations can have it: another column order, no valid_priority, no 'process' job type.
   */
  private static void replaceJobsWithOlderShape(Path library) throws SQLException {
    try (Connection c = LibraryFixture.connect(library);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      c.setAutoCommit(false);
      s.execute("DELETE FROM jobs WHERE job_type = 'process'");
      s.execute(
          "UPDATE processing_stats SET job_id = NULL WHERE job_id NOT IN (SELECT id FROM jobs)");
      s.execute("PRAGMA legacy_alter_table = ON");
      s.execute("ALTER TABLE jobs RENAME TO jobs_old");
      s.execute(
          """
          CREATE TABLE jobs (
              id TEXT PRIMARY KEY,
              file_id INTEGER,
              file_path TEXT NOT NULL,
              job_type TEXT NOT NULL,
              status TEXT NOT NULL DEFAULT 'queued',
              priority INTEGER NOT NULL DEFAULT 100,
              policy_name TEXT,
              policy_json TEXT,
              progress_percent REAL NOT NULL DEFAULT 0.0,
              progress_json TEXT,
              created_at TEXT NOT NULL,
              started_at TEXT,
              completed_at TEXT,
              error_message TEXT,
              output_path TEXT,
              summary_json TEXT,
              worker_pid INTEGER,
              worker_heartbeat TEXT,
              backup_path TEXT,
              files_affected_json TEXT,
              log_path TEXT,
              batch_id TEXT,
              origin TEXT,
              FOREIGN KEY (file_id) REFERENCES files(id) ON DELETE CASCADE,
              CONSTRAINT valid_status CHECK (
                  status IN ('queued', 'running', 'completed', 'failed', 'cancelled')
              ),
              CONSTRAINT valid_job_type CHECK (
                  job_type IN ('transcode', 'move', 'scan', 'apply')
              ),
              CONSTRAINT valid_progress CHECK (
                  progress_percent >= 0.0 AND progress_percent <= 100.0
              )
          )""");
      List<String> columns = columns(c, "jobs");
      String list = String.join(", ", columns);
      s.execute("INSERT INTO jobs (" + list + ") SELECT " + list + " FROM jobs_old");
      s.execute("DROP TABLE jobs_old");
      s.execute("CREATE INDEX idx_jobs_status ON jobs(status)");
      s.execute("CREATE INDEX idx_jobs_job_type ON jobs(job_type)");
      c.commit();
    }
  }

  private static void migrate(Path library, int from, int to) {
    try (Connection c = LibraryFixture.connect(library)) {
      Migrations.migrate(c, from, to);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<LibraryContent.SchemaEntry> schemaOf(Path library, String table) {
    return LibraryContent.read(library).schema().stream()
        .filter(e -> e.tableName().equals(table))
        .toList();
  }

  private static void assertUntouched(Path library, String hash) throws Exception {
    assertThat(Sha256.of(library)).isEqualTo(hash);
    Path wal = library.resolveSibling(library.getFileName() + "-wal");
    assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("no WAL content left").isTrue();
  }

  private static List<String> columns(Path library, String table) throws SQLException {
    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY)) {
      return columns(c, table);
    }
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        names.add(rs.getString("name"));
      }
    }
    return names;
  }
}
