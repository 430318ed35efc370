package vpo.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.Python;
import vpo.testing.Sha256;

/**
 * {@link LibraryDiff} on real libraries built with known differences: B (the replaced library, "as
 * it is now") is a copy of A (the restored one, "the backup") edited afterwards, so every count and
 * sample below follows from the edits alone. Edits run with foreign keys off, so that each touches
 * exactly the rows it names.
 */
class LibraryDiffTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  /** A populated current library: the backup. */
  private Path backup() {
    Path a = LibraryFixture.createV27(tmp.resolve("backup.db"));
    LibraryFixture.populate(a, 12, 1);
    return a;
  }

  /** A copy of {@code a} in its own directory: the library as it is now, before any edit. */
  private Path copyOf(Path a) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("now"));
    return Files.copy(a, dir.resolve("library.db"));
  }

  @Test
  void identicalLibrariesReportNoChange() throws Exception {
    Path a = backup();
    Path b = copyOf(a);

    LibraryDifference d = LibraryDiff.compare(b, a, 5);

    assertThat(d.replacedSchemaVersion()).isEqualTo(27);
    assertThat(d.restoredSchemaVersion()).isEqualTo(27);
    assertThat(d.schemaMismatch()).isFalse();
    assertThat(d.schema().isEmpty()).isTrue();
    assertThat(d.rowsUnchanged()).isTrue();
    assertThat(d.tables()).extracting(TableDifference::table).isEqualTo(LibraryDiff.USER_TABLES);
    assertThat(d.tables())
        .allSatisfy(
            t -> {
              assertThat(t.removedSample()).isEmpty();
              assertThat(t.addedSample()).isEmpty();
              assertThat(t.changedSample()).isEmpty();
            });
    assertThat(d.table("files").orElseThrow().sampleKey()).isEqualTo("path");
    assertThat(d.table("jobs").orElseThrow().sampleKey()).isEqualTo("id");
    assertThat(LibraryDiff.compare(a, a, 5).rowsUnchanged()).as("a file with itself").isTrue();
  }

  @Test
  void countsAndSamplesFollowTheEditsInEveryTable() throws Exception {
    Path a = backup();
    Path b = copyOf(a);
    String deletedPath = text(a, "SELECT path FROM files WHERE id = 3");
    List<String> jobIds = texts(a, "SELECT id FROM jobs ORDER BY id LIMIT 3");
    long snapshot = LibraryFixture.queryLong(a, "SELECT min(id) FROM library_snapshots");
    edit(
        b,
        // files: one scanned since the backup, one deleted, one moved, one deleted and scanned
        // again (same path, new id), one whose scan status changed.
        "INSERT INTO files (id, path, filename, directory, extension, size_bytes, modified_at,"
            + " scanned_at) VALUES (1000, '/media/New/new.mkv', 'new.mkv', '/media/New', 'mkv',"
            + " 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        "DELETE FROM files WHERE id = 3",
        "UPDATE files SET path = '/media/Moved/five.mkv' WHERE id = 5",
        "UPDATE files SET id = 1001 WHERE id = 7",
        "UPDATE files SET scan_status = 'missing' || scan_status WHERE id = 9",
        // tracks: one new, two deleted, three changed.
        "INSERT INTO tracks (id, file_id, track_index, track_type) VALUES (5000, 1000, 0, 'video')",
        "DELETE FROM tracks WHERE id IN (1, 2)",
        "UPDATE tracks SET language = 'changed' WHERE id IN (10, 11, 12)",
        // jobs: two changed, one deleted; a new policy; a changed snapshot.
        "UPDATE jobs SET error_message = 'changed' WHERE id IN ('"
            + jobIds.get(0)
            + "', '"
            + jobIds.get(2)
            + "')",
        "DELETE FROM jobs WHERE id = '" + jobIds.get(1) + "'",
        "INSERT INTO policies (id, name, definition, created_at, updated_at)"
            + " VALUES (77, 'new-policy', 'x', 't', 't')",
        "UPDATE library_snapshots SET total_files = total_files + 1 WHERE id = " + snapshot);

    LibraryDifference d = LibraryDiff.compare(b, a, 5);

    TableDifference files = d.table("files").orElseThrow();
    assertThat(counts(files)).containsExactly(1L, 1L, 3L);
    assertThat(files.removedSample()).containsExactly("/media/New/new.mkv");
    assertThat(files.addedSample()).containsExactly(deletedPath);
    assertThat(files.changedSample())
        .as("the current library's paths, in SQLite's order")
        .isEqualTo(texts(b, "SELECT path FROM files WHERE id IN (5, 1001, 9) ORDER BY path"))
        .contains("/media/Moved/five.mkv");

    TableDifference tracks = d.table("tracks").orElseThrow();
    assertThat(counts(tracks)).containsExactly(1L, 2L, 3L);
    assertThat(tracks.removedSample()).containsExactly("5000");
    assertThat(tracks.addedSample()).containsExactly("1", "2");
    assertThat(tracks.changedSample()).containsExactly("10", "11", "12");

    TableDifference jobs = d.table("jobs").orElseThrow();
    assertThat(counts(jobs)).containsExactly(0L, 1L, 2L);
    assertThat(jobs.addedSample()).containsExactly(jobIds.get(1));
    assertThat(jobs.changedSample()).containsExactly(jobIds.get(0), jobIds.get(2));

    assertThat(counts(d.table("policies").orElseThrow())).containsExactly(1L, 0L, 0L);
    assertThat(d.table("policies").orElseThrow().removedSample()).containsExactly("77");
    TableDifference snapshots = d.table("library_snapshots").orElseThrow();
    assertThat(counts(snapshots)).containsExactly(0L, 0L, 1L);
    assertThat(snapshots.changedSample()).containsExactly(Long.toString(snapshot));

    List<String> edited = List.of("files", "tracks", "jobs", "policies", "library_snapshots");
    assertThat(d.tables())
        .filteredOn(t -> !edited.contains(t.table()))
        .hasSize(LibraryDiff.USER_TABLES.size() - edited.size())
        .allMatch(TableDifference::isUnchanged);
    assertThat(d.totalRemoved()).isEqualTo(3);
    assertThat(d.totalAdded()).isEqualTo(4);
    assertThat(d.totalChanged()).isEqualTo(9);
  }

  @Test
  void aFileScannedAgainAtAnotherPathIsRemovedAndAdded() throws Exception {
    Path a = backup();
    Path b = copyOf(a);
    String oldPath = text(a, "SELECT path FROM files WHERE id = 4");
    // Deleted, then scanned again after being moved: nothing ties the two rows together.
    edit(b, "UPDATE files SET id = 1002, path = '/media/Elsewhere/four.mkv' WHERE id = 4");

    TableDifference files = LibraryDiff.compare(b, a, 5).table("files").orElseThrow();

    assertThat(counts(files)).containsExactly(1L, 1L, 0L);
    assertThat(files.removedSample()).containsExactly("/media/Elsewhere/four.mkv");
    assertThat(files.addedSample()).containsExactly(oldPath);
  }

  @Test
  void aPathTakenByAnotherKnownFileDoesNotPairUp() throws Exception {
    Path a = backup();
    Path b = copyOf(a);
    String pathOf6 = text(a, "SELECT path FROM files WHERE id = 6");
    // File 6 moved away, and a new file (new id) was scanned at its old path: file 6 is changed
    // (moved), the new one is removed by the restore. Its path belongs to a file both have.
    edit(
        b,
        "UPDATE files SET path = '/media/Moved/six.mkv' WHERE id = 6",
        "INSERT INTO files (id, path, filename, directory, extension, size_bytes, modified_at,"
            + " scanned_at) SELECT 1003, '"
            + pathOf6.replace("'", "''")
            + "', filename, directory, extension, size_bytes, modified_at, scanned_at"
            + " FROM files WHERE id = 6");

    TableDifference files = LibraryDiff.compare(b, a, 5).table("files").orElseThrow();

    assertThat(counts(files)).containsExactly(1L, 0L, 1L);
    assertThat(files.removedSample()).containsExactly(pathOf6);
    assertThat(files.changedSample()).containsExactly("/media/Moved/six.mkv");
  }

  @Test
  void samplesAreTheFirstKeysInOrderUpToTheLimit() throws Exception {
    Path a = backup();
    Path b = copyOf(a);
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Inserted in an order that is not the paths' order.
      int n = (i * 7) % 30;
      statements.add(
          String.format(
              "INSERT INTO files (id, path, filename, directory, extension, size_bytes,"
                  + " modified_at, scanned_at) VALUES (%d, '/media/New/%02d.mkv', 'x', 'd', 'mkv',"
                  + " 1, 't', 't')",
              2000 + i, n));
    }
    statements.add("DELETE FROM tracks WHERE id BETWEEN 20 AND 49");
    edit(b, statements.toArray(String[]::new));

    LibraryDifference five = LibraryDiff.compare(b, a, 5);
    LibraryDifference none = LibraryDiff.compare(b, a, 0);
    LibraryDifference all = LibraryDiff.compare(b, a, 100);

    assertThat(five.table("files").orElseThrow().removed()).isEqualTo(30);
    assertThat(five.table("files").orElseThrow().removedSample())
        .containsExactly(
            "/media/New/00.mkv",
            "/media/New/01.mkv",
            "/media/New/02.mkv",
            "/media/New/03.mkv",
            "/media/New/04.mkv");
    assertThat(five.table("tracks").orElseThrow().addedSample())
        .containsExactly("20", "21", "22", "23", "24");
    assertThat(none.tables()).allSatisfy(t -> assertThat(t.removedSample()).isEmpty());
    assertThat(none.tables()).allSatisfy(t -> assertThat(t.addedSample()).isEmpty());
    assertThat(counts(none.table("files").orElseThrow())).containsExactly(30L, 0L, 0L);
    assertThat(counts(none.table("tracks").orElseThrow())).containsExactly(0L, 30L, 0L);
    assertThat(all.table("files").orElseThrow().removedSample())
        .hasSize(30)
        .isSortedAccordingTo(String::compareTo)
        .startsWith("/media/New/00.mkv")
        .endsWith("/media/New/29.mkv");
    assertThat(all.table("tracks").orElseThrow().addedSample()).hasSize(30).endsWith("49");
    assertThatThrownBy(() -> LibraryDiff.compare(b, a, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSchemaDifferenceIsReportedAndRowsAreComparedOnTheSharedColumns() throws Exception {
    // Now: a version 26 library. The backup: the same rows, migrated to 27 as 26 -> 27 does
    // (files.container_tags added), with container_tags filled in one row.
    Path b = LibraryFixture.createV26(Files.createDirectories(tmp.resolve("now")).resolve("l.db"));
    Path a = Files.copy(b, tmp.resolve("backup.db"));
    edit(
        a,
        "ALTER TABLE files ADD COLUMN container_tags TEXT",
        "UPDATE files SET container_tags = '{\"title\": \"x\"}' WHERE id = 1",
        "UPDATE _meta SET value = '27' WHERE key = 'schema_version'");

    LibraryDifference d = LibraryDiff.compare(b, a, 5);

    assertThat(d.replacedSchemaVersion()).isEqualTo(26);
    assertThat(d.restoredSchemaVersion()).isEqualTo(27);
    assertThat(d.schemaMismatch()).isTrue();
    assertThat(d.schema().columnsOnlyInRestored())
        .isEqualTo(Map.of("files", List.of("container_tags")));
    assertThat(d.schema().columnsOnlyInReplaced()).isEmpty();
    assertThat(d.schema().tablesOnlyInReplaced()).isEmpty();
    assertThat(d.schema().tablesOnlyInRestored()).isEmpty();
    assertThat(d.rowsUnchanged()).as("container_tags is not compared").isTrue();
  }

  @Test
  void aTableOnlyOneLibraryHasCountsAllItsRows() throws Exception {
    // Now: version 25, which has no library_snapshots. The backup adds the table with rows.
    Path b = LibraryFixture.createV25(Files.createDirectories(tmp.resolve("now")).resolve("l.db"));
    Path a = Files.copy(b, tmp.resolve("backup.db"));
    edit(
        a,
        "CREATE TABLE library_snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, snapshot_at TEXT"
            + " NOT NULL, total_files INTEGER NOT NULL, total_size_bytes INTEGER NOT NULL,"
            + " missing_files INTEGER NOT NULL, error_files INTEGER NOT NULL DEFAULT 0)",
        "INSERT INTO library_snapshots (id, snapshot_at, total_files, total_size_bytes,"
            + " missing_files) VALUES (12, 't', 1, 1, 0), (3, 't', 2, 2, 0)",
        "UPDATE _meta SET value = '26' WHERE key = 'schema_version'");

    LibraryDifference d = LibraryDiff.compare(b, a, 5);

    assertThat(d.schema().tablesOnlyInRestored()).containsExactly("library_snapshots");
    TableDifference snapshots = d.table("library_snapshots").orElseThrow();
    assertThat(counts(snapshots)).containsExactly(0L, 2L, 0L);
    assertThat(snapshots.addedSample()).containsExactly("3", "12");

    LibraryDifference reverse = LibraryDiff.compare(a, b, 5);
    assertThat(reverse.schema().tablesOnlyInReplaced()).containsExactly("library_snapshots");
    assertThat(counts(reverse.table("library_snapshots").orElseThrow()))
        .containsExactly(2L, 0L, 0L);
    assertThat(reverse.rowsUnchanged()).isFalse();
  }

  @Test
  void aTableWithoutPrimaryKeyIsComparedAsSetsOfRows() throws Exception {
    List<String> ddl =
        List.of(
            "CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE library_snapshots (snapshot_at TEXT, total_files INTEGER)");
    Path b =
        LibraryFixture.createLayout(
            Files.createDirectories(tmp.resolve("now")).resolve("l.db"), ddl, 27);
    Path a = LibraryFixture.createLayout(tmp.resolve("backup.db"), ddl, 27);
    edit(b, "INSERT INTO library_snapshots VALUES ('t1', 1), ('t2', 2), ('t3', 3), ('t4', 4)");
    edit(a, "INSERT INTO library_snapshots VALUES ('t1', 1), ('t2', 20)");

    TableDifference snapshots =
        LibraryDiff.compare(b, a, 5).table("library_snapshots").orElseThrow();

    assertThat(counts(snapshots)).containsExactly(3L, 1L, 0L);
    assertThat(snapshots.removedSample()).isEmpty();
    assertThat(snapshots.sampleKey()).isEmpty();
  }

  @Test
  void nothingIsWrittenAndNoSideFileIsLeft() throws Exception {
    Path a = backup();
    Path b = copyOf(a);
    edit(b, "DELETE FROM files WHERE id = 2");
    assertThat(Library.isWal(b)).as("VPO libraries are in WAL mode").isTrue();
    SortedMap<String, String> before = DiskState.of(tmp);

    LibraryDifference d = LibraryDiff.compare(b, a, 5);

    assertThat(d.table("files").orElseThrow().added()).isEqualTo(1);
    assertThat(DiskState.of(tmp)).isEqualTo(before);
  }

  @Test
  void aLibraryWithAnUnmergedWalIsReadWithItAndLeftAsItWas() throws Exception {
    Path a = backup();
    Path live = copyOf(a);
    Path crashed = Files.createDirectories(tmp.resolve("crashed")).resolve("library.db");
    // The image a writer killed mid-work leaves: a -wal holding a committed row, no -shm.
    try (Connection c = LibraryFixture.connect(live);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint = 0");
      s.execute(
          "INSERT INTO policies (id, name, definition, created_at, updated_at)"
              + " VALUES (78, 'only-in-the-wal', 'x', 't', 't')");
      Files.copy(live, crashed);
      Files.copy(Library.walOf(live), Library.walOf(crashed));
    }
    assertThat(Files.size(Library.walOf(crashed))).isPositive();
    SortedMap<String, String> before = DiskState.of(tmp);

    LibraryDifference d = LibraryDiff.compare(crashed, a, 5);

    assertThat(d.table("policies").orElseThrow().removedSample()).containsExactly("78");
    assertThat(DiskState.of(tmp)).as("no -shm left, nothing changed").isEqualTo(before);
  }

  /**
   * Python's sqlite3 (what VPO uses) opens the library, commits a row without checkpointing it, and
   * stays connected: the library is in use, with its -wal and -shm.
   */
  private static final String HOLDER =
      """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("PRAGMA wal_autocheckpoint = 0")
      c.execute("INSERT INTO policies (id, name, definition, created_at, updated_at)"
                " VALUES (79, 'held-open', 'x', 't', 't')")
      print("ready", flush=True)
      sys.stdin.readline()
      c.close()
      """;

  @Test
  void aLibraryOpenInAnotherProcessCanBeComparedAndStaysUnchanged() throws Exception {
    Path a = backup();
    Path b = copyOf(a);
    Process holder =
        children.start(
            new ProcessBuilder(Python.command(HOLDER, b.toString()))
                .redirectError(tmp.resolve("python.err").toFile()));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as(Files.readString(tmp.resolve("python.err"))).isEqualTo("ready");
    Path wal = Library.walOf(b);
    Path shm = Library.shmOf(b);
    assertThat(Files.size(wal)).as("the holder's row is in the -wal").isPositive();
    String dbBefore = Sha256.of(b);
    String walBefore = Sha256.of(wal);
    String backupBefore = Sha256.of(a);
    List<String> namesBefore = DiskState.names(b.getParent());

    LibraryDifference d = LibraryDiff.compare(b, a, 5);

    assertThat(d.table("policies").orElseThrow().removedSample()).containsExactly("79");
    assertThat(Sha256.of(b)).isEqualTo(dbBefore);
    assertThat(Sha256.of(wal)).isEqualTo(walBefore);
    assertThat(Sha256.of(a)).isEqualTo(backupBefore);
    // The -shm is the connections' shared memory; readers record their place in it by design.
    assertThat(DiskState.names(b.getParent())).isEqualTo(namesBefore);
    assertThat(shm).exists();
    assertThat(DiskState.names(tmp)).doesNotContain("backup.db-wal", "backup.db-shm");

    holder.getOutputStream().write('\n');
    holder.getOutputStream().flush();
    assertThat(holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(holder.exitValue()).isZero();
    assertThat(LibraryFixture.queryLong(b, "SELECT count(*) FROM policies WHERE id = 79"))
        .as("the holder's write survived")
        .isEqualTo(1);
  }

  @Test
  void aMissingFileOrOneThatIsNoLibraryIsRefused() throws Exception {
    Path a = backup();
    Path notALibrary =
        LibraryFixture.createLayout(
            tmp.resolve("other.db"),
            List.of(
                "CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                "CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT)"),
            27);
    edit(notALibrary, "DROP TABLE _meta");
    Path garbage = tmp.resolve("garbage.db");
    Files.write(garbage, new byte[8192]);
    SortedMap<String, String> before = DiskState.of(tmp);

    assertThatThrownBy(() -> LibraryDiff.compare(a, garbage, 5))
        .isInstanceOf(LibraryDiffException.class)
        .hasMessageContaining("garbage.db is damaged or not a SQLite database");
    assertThatThrownBy(() -> LibraryDiff.compare(tmp.resolve("missing.db"), a, 5))
        .isInstanceOf(LibraryDiffException.class)
        .hasMessageContaining("missing.db");
    assertThatThrownBy(() -> LibraryDiff.compare(notALibrary, a, 5))
        .isInstanceOf(LibraryDiffException.class)
        .hasMessageContaining("other.db is not a VPO library");
    assertThatThrownBy(() -> LibraryDiff.compare(a, notALibrary, 5))
        .isInstanceOf(LibraryDiffException.class)
        .hasMessageContaining("other.db is not a VPO library");
    assertThat(DiskState.of(tmp)).isEqualTo(before);
  }

  private static List<Long> counts(TableDifference t) {
    return List.of(t.removed(), t.added(), t.changed());
  }

  private static String text(Path file, String sql) throws SQLException {
    return texts(file, sql).get(0);
  }

  /** Runs {@code statements} on {@code file} with foreign keys off (see the class comment). */
  private static void edit(Path file, String... statements) {
    String[] all = new String[statements.length + 1];
    all[0] = "PRAGMA foreign_keys = OFF";
    System.arraycopy(statements, 0, all, 1, statements.length);
    LibraryFixture.execute(file, all);
  }

  private static List<String> texts(Path file, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = LibraryFixture.connect(file, LibraryFixture.Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }
}
