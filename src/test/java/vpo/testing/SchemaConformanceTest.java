package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.library.LibrarySchema;

/** The checker itself: each kind of deviation from the spec is reported. */
class SchemaConformanceTest {
  @TempDir Path dir;

  @Test
  void reportsWhatAVersion25LibraryLacks() {
    Path library = LibraryFixture.createV25(dir.resolve("v25.db"));

    assertThat(SchemaConformance.differences(library))
        .anySatisfy(d -> assertThat(d).isEqualTo("missing table library_snapshots"))
        .anySatisfy(d -> assertThat(d).startsWith("files: columns ["))
        .anySatisfy(
            d -> assertThat(d).startsWith("jobs.valid_job_type: refuses [job_type] = [prune]"))
        .anySatisfy(d -> assertThat(d).startsWith("_meta schema_version is [[25, text]]"));
  }

  @Test
  void reportsIndexConstraintAndColumnDeviations() throws Exception {
    Path library =
        LibraryFixture.createLayout(
            dir.resolve("deviant.db"), deviantDdl(), LibrarySchema.CURRENT_VERSION);
    try (Connection c = LibraryFixture.connect(library);
        Statement s = c.createStatement()) {
      s.execute("DROP INDEX idx_plans_created_at");
      s.execute("CREATE INDEX idx_plans_created_at ON plans(created_at)"); // DESC lost
      s.execute("CREATE INDEX idx_extra ON tracks(codec)");
      s.execute("CREATE VIEW recent AS SELECT * FROM files");
    }

    List<String> differences = SchemaConformance.differences(library);

    assertThat(differences)
        .contains(
            "plans: indexes [idx_plans_created_at (created_at), idx_plans_file_id (file_id),"
                + " idx_plans_policy_name (policy_name), idx_plans_status (status)], expected"
                + " [idx_plans_created_at (created_at DESC), idx_plans_file_id (file_id),"
                + " idx_plans_policy_name (policy_name), idx_plans_status (status)]",
            "unexpected view recent",
            "policies.version: default 2, expected 1",
            "library_snapshots.id: AUTOINCREMENT missing",
            "language_segments.valid_times: admits [end_time, start_time] = [1.0, 1.0], against"
                + " the rule 'end_time > start_time'",
            "plans: foreign keys [file_id → files.id ON DELETE CASCADE], expected [file_id →"
                + " files.id ON DELETE SET NULL]",
            "operations.file_path: nullable, expected the opposite")
        .anySatisfy(d -> assertThat(d).startsWith("tracks: indexes [idx_extra (codec)"))
        .anySatisfy(d -> assertThat(d).startsWith("plugin_acknowledgments: unique constraints []"));
  }

  /** The current DDL with one deliberate deviation of each kind. */
  private static List<String> deviantDdl() {
    List<String> ddl = new ArrayList<>();
    for (String statement : LibrarySchema.ddl()) {
      ddl.add(
          statement
              .replace("version INTEGER NOT NULL DEFAULT 1", "version INTEGER NOT NULL DEFAULT 2")
              .replace(
                  "CREATE TABLE library_snapshots (\n    id INTEGER PRIMARY KEY AUTOINCREMENT",
                  "CREATE TABLE library_snapshots (\n    id INTEGER PRIMARY KEY")
              .replace("CHECK (end_time > start_time)", "CHECK (end_time >= start_time)")
              .replace(
                  "REFERENCES files(id) ON DELETE SET NULL",
                  "REFERENCES files(id) ON DELETE CASCADE")
              .replace(
                  "    file_path TEXT NOT NULL,\n    policy_name TEXT NOT NULL,\n    policy_version INTEGER NOT NULL,\n    actions_json",
                  "    file_path TEXT,\n    policy_name TEXT NOT NULL,\n    policy_version INTEGER NOT NULL,\n    actions_json")
              .replace(",\n    UNIQUE(plugin_name, plugin_hash)", ""));
    }
    return ddl;
  }
}
