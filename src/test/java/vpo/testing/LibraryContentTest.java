package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryContentTest {
  @TempDir Path dir;

  @Test
  void valuesKeepTheirStorageClass() throws Exception {
    Path file = dir.resolve("types.db");
    LibraryFixture.execute(
        file,
        "CREATE TABLE t (k INTEGER PRIMARY KEY, v)",
        "INSERT INTO t (v) VALUES (1), ('1'), (1.0), (x'01ff'), (NULL), ('a\"b\nc'), (0.1 + 0.2)");

    assertThat(LibraryContent.dump(file))
        .contains(
            "(INTEGER 1, INTEGER 1)",
            "(INTEGER 2, TEXT \"1\")",
            "(INTEGER 3, REAL 1.0)",
            "(INTEGER 4, BLOB x'01ff')",
            "(INTEGER 5, NULL)",
            "(INTEGER 6, TEXT \"a\\\"b\\nc\")",
            "(INTEGER 7, REAL 0.30000000000000004)");
  }

  @Test
  void rowOrderFollowsKeysNotInsertionOrRowids() throws Exception {
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    for (Path file : new Path[] {a, b}) {
      LibraryFixture.execute(
          file,
          "CREATE TABLE jobs (id TEXT PRIMARY KEY, n INTEGER)",
          "CREATE TABLE log (line TEXT)");
    }
    LibraryFixture.execute(
        a,
        "INSERT INTO jobs VALUES ('x', 1), ('y', 2)",
        "INSERT INTO log VALUES ('first'), ('second')");
    LibraryFixture.execute(
        b,
        "INSERT INTO jobs VALUES ('y', 2), ('x', 1)",
        "INSERT INTO log VALUES ('second'), ('first')");

    assertThat(LibraryContent.dump(a)).isEqualTo(LibraryContent.dump(b));
  }

  @Test
  void aVacuumedCopyDumpsTheSame() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    LibraryFixture.populate(library, 15, 5);
    Path copy = dir.resolve("copy.db");
    try (Connection c = LibraryFixture.connect(library);
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM files WHERE id % 4 = 0"); // holes, so VACUUM has rowids to move
      s.execute("VACUUM INTO '" + copy + "'");
    }

    assertThat(LibraryContent.dump(copy)).isEqualTo(LibraryContent.dump(library));
    assertThat(LibraryContent.dump(copy)).contains("table sqlite_sequence (name, seq)");
  }

  @Test
  void readingLeavesTheFileAlone() throws Exception {
    Path library = LibraryFixture.createV27(dir.resolve("library.db"));
    LibraryFixture.populate(library, 5, 5);
    byte[] before = Files.readAllBytes(library);

    LibraryContent.dump(library);

    assertThat(Files.readAllBytes(library)).isEqualTo(before);
  }

  @Test
  void sharedWithKeepsCommonTablesAndColumnsOnly() throws Exception {
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    LibraryFixture.execute(
        a,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, gone TEXT)",
        "CREATE TABLE only_a (id INTEGER PRIMARY KEY)",
        "INSERT INTO t VALUES (1, 'one', 'old')");
    LibraryFixture.execute(
        b,
        "CREATE TABLE t (x TEXT, id INTEGER PRIMARY KEY, added TEXT)",
        "INSERT INTO t VALUES ('one', 1, NULL)");
    LibraryContent contentA = LibraryContent.read(a);
    LibraryContent contentB = LibraryContent.read(b);

    assertThat(contentA.sharedWith(contentB).render())
        .isEqualTo(contentB.sharedWith(contentA).render())
        .isEqualTo("table t (id, x), 1 rows\n  (INTEGER 1, TEXT \"one\")\n");
  }
}
