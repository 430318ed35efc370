package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.backup.LedgerWriter;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.Python;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * {@code vpo library backup --if-changed}: nothing is written when the library is exactly as its
 * newest backup holds it, and a library whose content changed, by whoever and however shortly
 * before, is always backed up. Where the newest backup cannot be compared with, the library is
 * backed up.
 */
class IfChangedTest {
  private static final String CHANGE_ONE_ROW =
      "UPDATE files SET scan_error = 'changed' WHERE id = (SELECT min(id) FROM files)";

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void anUnchangedLibraryIsSkippedAndNothingIsWritten() {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 21);
    String newest = home.backup().path("path").asText();
    SortedMap<String, String> backups = DiskState.of(home.backups());
    String library = vpo.testing.Sha256.of(home.library());

    TestHome.Result text = home.run("library", "backup", "--if-changed");
    TestHome.Result json = home.run("library", "backup", "--if-changed", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).isEqualTo("Unchanged since " + newest + ": no backup written\n");
    assertThat(text.err()).isEmpty();
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = CliAssertions.json(json);
    assertThat(doc.path("success").asBoolean()).isTrue();
    assertThat(doc.path("skipped").asBoolean()).isTrue();
    assertThat(doc.path("reason").asText()).isEqualTo("unchanged");
    assertThat(doc.path("path").asText()).isEqualTo(newest);
    assertThat(DiskState.of(home.backups())).as("no archive, no temp file").isEqualTo(backups);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(vpo.testing.Sha256.of(home.library())).isEqualTo(library);
  }

  @Test
  void theNewestBackupIsTheOneComparedWithNotAnOlderOne() {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 22);
    Path older = Path.of(home.backup().path("path").asText());
    // Changed, backed up, then changed back: the library is byte for byte the older archive's
    // again, but the newest archive holds the change.
    LibraryFixture.execute(
        home.library(), "UPDATE files SET size_bytes = size_bytes + 1 WHERE id = 7");
    Path newer = Path.of(home.backup().path("path").asText());
    LibraryFixture.execute(
        home.library(), "UPDATE files SET size_bytes = size_bytes - 1 WHERE id = 7");
    assertThat(snapshotSha(home))
        .as("the library is as the older archive holds it")
        .isEqualTo(ArchiveSeenByCommonsCompress.read(older).databaseSha256());

    JsonNode r = home.backup("--if-changed");

    assertThat(r.path("skipped").asBoolean()).as("%s", r).isFalse();
    assertThat(Path.of(r.path("path").asText())).isNotIn(older, newer);
    JsonNode again = home.backup("--if-changed");
    assertThat(again.path("skipped").asBoolean()).isTrue();
    assertThat(again.path("path").asText()).isEqualTo(r.path("path").asText());
  }

  @Test
  void oneChangedRowIsBackedUp() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 23);
    String first = home.backup().path("path").asText();
    LibraryFixture.execute(home.library(), CHANGE_ONE_ROW);

    JsonNode r = home.backup("--if-changed");

    assertThat(r.path("skipped").asBoolean()).as("%s", r).isFalse();
    assertThat(r.path("path").asText()).isNotEqualTo(first);
    assertThat(DiskState.archivesIn(home.backups())).hasSize(2);
    assertThat(changedRows(Path.of(r.path("path").asText()))).isEqualTo(1);
  }

  @Test
  void aChangeCommittedByAnotherProcessAMomentBeforeIsBackedUp() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 24);
    JsonNode first = home.backup("--if-changed");
    assertThat(first.path("skipped").asBoolean()).isFalse();

    // The sqlite3 shell commits and exits.
    try (ChildProcesses p = new ChildProcesses()) {
      ChildProcesses.Output o =
          p.run(60, List.of("sqlite3", home.library().toString(), CHANGE_ONE_ROW + ";"));
      assertThat(o.exitCode()).as("%s", o).isZero();
    }
    JsonNode second = home.backup("--if-changed");

    assertThat(second.path("skipped").asBoolean()).as("%s", second).isFalse();
    assertThat(changedRows(Path.of(second.path("path").asText()))).isEqualTo(1);

    // Python commits and stays: the commit is only in the WAL, and its connection still open.
    Process python =
        children.start(
            new ProcessBuilder(
                    Python.command(
                        """
                        import sqlite3, sys, time
                        c = sqlite3.connect(sys.argv[1], isolation_level=None)
                        c.execute("PRAGMA journal_mode=WAL")
                        c.execute("PRAGMA wal_autocheckpoint=0")
                        c.execute("UPDATE files SET scan_error = 'changed' WHERE id = 2")
                        print("committed", flush=True)
                        time.sleep(600)
                        """,
                        home.library().toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT));
    assertThat(ChildProcesses.firstLine(python)).isEqualTo("committed");
    assertThat(home.library().resolveSibling("library.db-wal")).isNotEmptyFile();

    JsonNode third = home.backup("--if-changed");

    assertThat(third.path("skipped").asBoolean()).as("%s", third).isFalse();
    assertThat(changedRows(Path.of(third.path("path").asText()))).isEqualTo(2);
  }

  /**
   * A second process commits without pause while {@code --if-changed} runs again and again: each
   * run starts after a commit its newest archive lacks, so each must back up, and its archive must
   * hold at least every commit made before the run started.
   */
  @Test
  void underALiveWriterAChangedLibraryIsNeverSkipped() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 300, 25);
    Path library = home.library();
    LibraryFixture.addFiller(library, 200, 20_000);
    LibraryFixture.execute(
        library,
        "CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)",
        "CREATE TABLE ledger_counter (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)",
        "INSERT INTO ledger_counter VALUES (1, 0)");
    long archived = counterIn(Path.of(home.backup().path("path").asText()));

    Process writer =
        children.start(
            ChildProcesses.java(LedgerWriter.class, library.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT));
    assertThat(ChildProcesses.firstLine(writer)).isEqualTo("ready");

    int runs = 6;
    for (int i = 0; i < runs; i++) {
      long committed = counter(library);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (committed <= archived && System.nanoTime() < deadline) {
        Thread.sleep(5);
        committed = counter(library);
      }
      assertThat(committed).as("the writer commits").isGreaterThan(archived);

      JsonNode r = home.backup("--if-changed");

      assertThat(r.path("skipped").asBoolean())
          .as("run %d, %d commits since the newest archive: %s", i, committed - archived, r)
          .isFalse();
      long inArchive = counterIn(Path.of(r.path("path").asText()));
      assertThat(inArchive)
          .as("run %d holds what was committed before it", i)
          .isGreaterThanOrEqualTo(committed);
      archived = inArchive;
    }
    writer.getOutputStream().close();
    assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(DiskState.archivesIn(home.backups())).hasSize(runs + 1);
  }

  @Test
  void aNewestBackupEncryptedForAKeyNotHereIsNotComparedWith() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 26);
    String plain = home.backup().path("path").asText();
    String recipient = generateKey(home, tmp.resolve("elsewhere-key.txt"));
    // The same content, encrypted for a key this machine does not have.
    String encrypted = home.backup("--recipient", recipient).path("path").asText();
    assertThat(encrypted).endsWith(".tar.gz.age");

    JsonNode r = home.backup("--if-changed");

    assertThat(r.path("skipped").asBoolean())
        .as("the newest backup cannot be read, so nothing says it holds the library: %s", r)
        .isFalse();
    assertThat(r.path("path").asText()).isNotIn(plain, encrypted);
    assertThat(DiskState.names(home.backups())).hasSize(3);
  }

  @Test
  void aNewestBackupThatIsDamagedIsNotComparedWith() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 27);
    Path good = Path.of(home.backup().path("path").asText());
    // A later archive of the same library whose head cannot be read.
    Path damaged = home.backups().resolve("vpo-library-2099-01-01T00-00-00Z.tar.gz");
    Files.write(damaged, "not an archive".getBytes(StandardCharsets.UTF_8));

    JsonNode r = home.backup("--if-changed");

    assertThat(r.path("skipped").asBoolean()).as("%s", r).isFalse();
    assertThat(Path.of(r.path("path").asText())).isNotIn(good, damaged);
  }

  @Test
  void anEncryptedNewestBackupTheConfiguredKeyOpensIsComparedWith() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 28);
    Path key = home.dataDir().resolve("backup-key.txt");
    String recipient = generateKey(home, key);
    Files.writeString(
        home.dataDir().resolve("config.toml"),
        "[backup]\nrecipients = [\"" + recipient + "\"]\nidentity_file = \"" + key + "\"\n");
    String encrypted = home.backup().path("path").asText();
    assertThat(encrypted).endsWith(".tar.gz.age");

    JsonNode r = home.backup("--if-changed");

    assertThat(r.path("skipped").asBoolean()).as("%s", r).isTrue();
    assertThat(r.path("path").asText()).isEqualTo(encrypted);
  }

  @Test
  void aRunThatEncryptsIsNotSkippedBecauseOfAPlainArchive() throws Exception {
    // Encryption asked for from now on: the unchanged library gets its first encrypted archive,
    // rather than "unchanged since" an archive that is not encrypted (which --copy-to would then
    // copy off the machine).
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 120, 29);
    String plain = home.backup().path("path").asText();
    String recipient = generateKey(home, tmp.resolve("key.txt"));

    JsonNode r = home.backup("--if-changed", "--recipient", recipient);

    assertThat(r.path("skipped").asBoolean()).as("%s", r).isFalse();
    assertThat(r.path("path").asText()).endsWith(".tar.gz.age").isNotEqualTo(plain);
  }

  /**
   * A backup disk with room for a snapshot of the library but not for a snapshot and another
   * archive: an unchanged library needs no new archive, so the run is skipped (exit 0), not refused
   * for want of room it does not need. Once the library changes, the lack of room is exit 5, and
   * nothing is left on the disk.
   */
  @Test
  void anUnchangedLibraryIsSkippedOnADiskWithoutRoomForAnotherArchive() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 300, 30);
    LibraryFixture.addFiller(home.library(), 100, 40_000);
    long library = Files.size(home.library());
    Path staged = Path.of(home.backup("-o", tmp.resolve("staging") + "/").path("path").asText());
    Path disk = Files.createDirectories(tmp.resolve("disk"));
    long size = library + Files.size(staged) + (2 << 20);
    ChildProcesses.Output mount =
        children.run(
            60, List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", disk.toString()));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        mount.exitCode() == 0, "cannot mount a small tmpfs here: " + mount.err().strip());
    try {
      String first = Files.copy(staged, disk.resolve(staged.getFileName())).toString();
      long free = disk.toFile().getUsableSpace();
      assertThat(free).as("room for a snapshot").isGreaterThan(library + (1 << 20));
      TestHome.Result full = home.run("library", "backup", "-o", disk + "/");
      assertThat(full.exitCode()).as("not for a snapshot and an archive: %s", full).isEqualTo(5);
      SortedMap<String, String> before = DiskState.of(disk);

      TestHome.Result r = home.run("library", "backup", "--if-changed", "-o", disk + "/");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("Unchanged since " + first + ": no backup written\n");
      assertThat(DiskState.of(disk)).isEqualTo(before);

      LibraryFixture.execute(home.library(), CHANGE_ONE_ROW);
      TestHome.Result changed = home.run("library", "backup", "--if-changed", "-o", disk + "/");

      assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(5);
      assertThat(changed.err()).hasLineCount(1).startsWith("Error: not enough free space in");
      assertThat(DiskState.of(disk)).isEqualTo(before);
    } finally {
      children.run(60, List.of("umount", disk.toString()));
    }
  }

  /** Rows the tests changed in the archive's database ({@code scan_error = 'changed'}). */
  private Path extracted(Path archive) {
    Path db = tmp.resolve("extracted-" + archive.getFileName() + ".db");
    ArchiveSeenByCommonsCompress seen = ArchiveSeenByCommonsCompress.read(archive, db);
    assertThat(seen.problem()).as(archive.toString()).isNull();
    return db;
  }

  private long changedRows(Path archive) {
    return LibraryFixture.queryLong(
        extracted(archive),
        Access.READ_ONLY,
        "SELECT count(*) FROM files WHERE scan_error = 'changed'");
  }

  /** The ledger's counter in an archive, after checking it holds one committed state. */
  private long counterIn(Path archive) throws Exception {
    try (Connection c = LibraryFixture.connect(extracted(archive), Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT coalesce(sum(amount), 0) FROM ledger),"
                    + " (SELECT count(*) FROM ledger), (SELECT n FROM ledger_counter)")) {
      r.next();
      assertThat(r.getLong(1)).as("ledger sum in %s", archive).isZero();
      assertThat(r.getLong(2)).as("ledger rows in %s", archive).isEqualTo(2 * r.getLong(3));
      return r.getLong(3);
    }
  }

  private static long counter(Path library) {
    return LibraryFixture.queryLong(library, Access.READ_ONLY, "SELECT n FROM ledger_counter");
  }

  /**
   * The SHA-256 vpo's snapshot of the library would have now (the bytes the archive would hold).
   */
  private String snapshotSha(TestHome home) {
    JsonNode r = home.backup("-o", tmp.resolve("probe").toString() + "/");
    return ArchiveSeenByCommonsCompress.read(Path.of(r.path("path").asText())).databaseSha256();
  }

  private static String generateKey(TestHome home, Path key) {
    TestHome.Result r = home.run("library", "key", "generate", "-o", key.toString(), "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return CliAssertions.json(r).path("recipient").asText();
  }
}
