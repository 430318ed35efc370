package vpo.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.SchemaConformance;
import vpo.testing.SchemaSpec;

class LibrarySchemaTest {
  @TempDir Path dir;

  @Test
  void specCopyIsTheSharedSpec() throws Exception {
    // CI clones the project with shared/ beside it; the copy must not drift from the contract.
    Path shared = Path.of("").toAbsolutePath().resolve("../shared/spec/LIBRARY-SCHEMA.md");
    assumeTrue(Files.isRegularFile(shared), "shared/spec is not beside the project");
    try (InputStream copy = SchemaSpec.class.getResourceAsStream(SchemaSpec.RESOURCE)) {
      assertThat(copy.readAllBytes())
          .as("src/test/resources/LIBRARY-SCHEMA.md equals %s", shared.normalize())
          .isEqualTo(Files.readAllBytes(shared));
    }
  }

  @Test
  void specIsReadInFull() {
    SchemaSpec spec = SchemaSpec.load();

    assertThat(spec.version()).isEqualTo(LibrarySchema.CURRENT_VERSION);
    assertThat(spec.tables()).hasSize(16).containsKeys("_meta", "jobs", "library_snapshots");
    assertThat(spec.checks()).hasSize(17);
    assertThat(spec.tables().get("jobs").indexes()).hasSize(7);
    assertThat(spec.tables().get("processing_stats").columns()).hasSize(32);
    assertThat(spec.tables().get("files").uniqueConstraints()).containsExactly(List.of("path"));
    assertThat(spec.tables().get("files").indexes())
        .anySatisfy(
            index -> {
              assertThat(index.name()).isEqualTo("idx_files_status_scanned");
              assertThat(index.columns().get(1).descending()).isTrue();
            });
  }

  @Test
  void createdLibraryConformsToTheSpec() {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));

    assertThat(SchemaConformance.differences(library)).isEmpty();
  }

  @Test
  void ddlHasOneStatementPerTableAndNamedIndex() {
    SchemaSpec spec = SchemaSpec.load();
    int indexes = spec.tables().values().stream().mapToInt(t -> t.indexes().size()).sum();

    assertThat(LibrarySchema.ddl()).hasSize(spec.tables().size() + indexes);
    assertThat(LibrarySchema.ddl())
        .allSatisfy(s -> assertThat(s).startsWith("CREATE ").doesNotEndWith(";"));
  }

  @Test
  void createRefusesADatabaseThatHasTablesAndAddsNothing() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = LibraryFixture.connect(file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (body TEXT)");
      String before = LibraryContent.dump(file);

      assertThatThrownBy(() -> LibrarySchema.create(c))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already has tables");
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(LibraryContent.dump(file)).isEqualTo(before);
    }
  }

  @Test
  void createNeedsAnAutoCommitConnection() throws Exception {
    try (Connection c = LibraryFixture.connect(dir.resolve("library.db"))) {
      c.setAutoCommit(false);

      assertThatThrownBy(() -> LibrarySchema.create(c))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("auto-commit");
    }
  }

  @Test
  void readVersionOfAFreshLibrary() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY)) {
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(27);
    }
  }

  @Test
  void readVersionIsNullWithoutMetaTableOrRow() throws Exception {
    try (Connection c = LibraryFixture.connect(dir.resolve("library.db"));
        Statement s = c.createStatement()) {
      assertThat(LibrarySchema.readVersion(c)).isNull();

      s.execute("CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute("INSERT INTO _meta VALUES ('created_by', 'vpo')");
      assertThat(LibrarySchema.readVersion(c)).isNull();
    }
  }

  @Test
  void readVersionAcceptsWhatPythonsIntAccepts() throws Exception {
    try (Connection c = LibraryFixture.connect(dir.resolve("library.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute("INSERT INTO _meta VALUES ('schema_version', ' 26\n')");
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(26);

      // Stored as an INTEGER by some other tool: still the same version.
      s.execute("UPDATE _meta SET value = 25");
      assertThat(LibrarySchema.readVersion(c)).isEqualTo(25);
    }
  }

  @Test
  void readVersionRejectsANonNumber() throws Exception {
    try (Connection c = LibraryFixture.connect(dir.resolve("library.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute("INSERT INTO _meta VALUES ('schema_version', '27b')");

      assertThatThrownBy(() -> LibrarySchema.readVersion(c))
          .isInstanceOf(SchemaIncompatibleException.class)
          .hasMessage("library schema version '27b' is not a version number")
          .satisfies(e -> assertThat(((SchemaIncompatibleException) e).hint()).isNotBlank());
    }
  }

  @Test
  void createdLibraryIsInWalMode() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }
}
