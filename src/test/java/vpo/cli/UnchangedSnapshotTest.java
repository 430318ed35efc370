package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.Python;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;
import vpo.testing.UncleanLibrary;

/**
 * What {@code backup --if-changed} rests on: the snapshot of a library whose content nobody changed
 * is the same file, byte for byte, whenever it is taken, so comparing its SHA-256 with the newest
 * archive's {@code database_sha256} finds an unchanged library. Shown with two plain backups whose
 * database entries are compared by an independent reader, across what happens to a running library
 * without changing it: a WAL still holding the last commits, a checkpoint that moves them into the
 * file, the WAL disappearing when the last connection closes, the recovery of a WAL left by a
 * killed writer, and readers of every kind.
 */
class UnchangedSnapshotTest {
  /**
   * A second process holding the library open as the VPO daemon does (WAL, no automatic checkpoint,
   * so commits stay in the WAL), obeying one command per line of its standard input and answering
   * each with a line: {@code commit} changes one row, {@code checkpoint} copies the WAL into the
   * database file and empties it, {@code read} reads; end of input closes the connection.
   */
  private static final String HOLDER =
      """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("PRAGMA busy_timeout=10000")
      c.execute("PRAGMA journal_mode=WAL")
      c.execute("PRAGMA wal_autocheckpoint=0")
      print("ready", flush=True)
      for line in sys.stdin:
          cmd = line.strip()
          if cmd == "commit":
              c.execute("UPDATE files SET size_bytes = size_bytes + 1"
                        " WHERE id = (SELECT min(id) FROM files)")
              print("committed", flush=True)
          elif cmd == "checkpoint":
              busy, log, done = c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
              print("checkpoint %d %d %d" % (busy, log, done), flush=True)
          elif cmd == "read":
              n = c.execute("SELECT count(*) FROM files").fetchone()[0]
              print("read %d" % n, flush=True)
      c.close()
      print("closed", flush=True)
      """;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void twoSnapshotsOfAnIdleLibraryAreTheSameBytes() {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 200, 3);

    String first = databaseSha256(home.backup());
    String second = databaseSha256(home.backup());

    assertThat(second).isEqualTo(first);
    assertThat(DiskState.archivesIn(home.backups())).hasSize(2);
  }

  @Test
  void aCheckpointAndTheWalClosingBetweenSnapshotsChangeNoByte() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 200, 4);
    Path wal = home.library().resolveSibling("library.db-wal");
    Holder holder = new Holder(home.library());
    holder.send("commit", "committed");
    assertThat(Files.size(wal)).as("the last commit is only in the WAL").isPositive();
    String fileBefore = Sha256.of(home.library());

    String inWal = databaseSha256(home.backup());

    assertThat(holder.send("checkpoint", "checkpoint")).isEqualTo("checkpoint 0 0 0");
    assertThat(Files.size(wal)).as("the checkpoint emptied the WAL").isZero();
    assertThat(Sha256.of(home.library()))
        .as("the checkpoint wrote the commit into the database file")
        .isNotEqualTo(fileBefore);
    String checkpointed = databaseSha256(home.backup());

    holder.close();
    assertThat(wal).as("the last connection removed the WAL").doesNotExist();
    String closed = databaseSha256(home.backup());

    assertThat(checkpointed).isEqualTo(inWal);
    assertThat(closed).isEqualTo(inWal);
    // And so --if-changed finds nothing to do after all of it.
    JsonNode skipped = home.backup("--if-changed");
    assertThat(skipped.path("skipped").asBoolean()).as("%s", skipped).isTrue();
  }

  @Test
  void readersOfEveryKindBetweenSnapshotsChangeNoByte() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 200, 5);
    String before = databaseSha256(home.backup());

    // The daemon holding it open and reading, and another process reading as it ends.
    Holder holder = new Holder(home.library());
    holder.send("read", "read 200");
    for (String[] command :
        List.of(
            new String[] {"library", "info"},
            new String[] {"library", "verify"},
            new String[] {"library", "backups"},
            new String[] {"library", "schedule", "status"},
            new String[] {"library", "backup", "--dry-run"})) {
      TestHome.Result r = home.run(command);
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    try (ChildProcesses p = new ChildProcesses()) {
      ChildProcesses.Output o =
          p.run(
              60,
              List.of(
                  "sqlite3",
                  home.library().toString(),
                  "PRAGMA quick_check; SELECT count(*) FROM files;"));
      assertThat(o.exitCode()).as("%s", o).isZero();
    }
    holder.close();
    ChildProcesses.Output python =
        pythonRun(
            "import sqlite3, sys\n"
                + "c = sqlite3.connect(sys.argv[1])\n"
                + "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA foreign_keys=ON')\n"
                + "print(c.execute('SELECT count(*) FROM tracks').fetchone()[0]); c.close()\n",
            home.library());
    assertThat(python.exitCode()).as("%s", python).isZero();

    String after = databaseSha256(home.backup());

    assertThat(after).isEqualTo(before);
  }

  @Test
  void theRecoveryOfAWalLeftByAKilledWriterGivesTheSameBytesEveryTime() {
    TestHome home = new TestHome(tmp);
    Path library = home.library();
    UncleanLibrary.create(mkdirs(library), 150, 6);
    Path wal = library.resolveSibling("library.db-wal");
    assertThat(wal).as("the last commits are only in the WAL").isNotEmptyFile();

    String recovered = databaseSha256(home.backup());
    String again = databaseSha256(home.backup());

    assertThat(again).isEqualTo(recovered);
  }

  @Test
  void oneChangedRowChangesTheBytes() {
    // The other side of the comparison: a change, however small, is seen.
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 200, 7);
    String before = databaseSha256(home.backup());
    LibraryFixture.execute(
        home.library(), "UPDATE files SET scan_error = 'x' WHERE id = (SELECT max(id) FROM files)");

    assertThat(databaseSha256(home.backup())).isNotEqualTo(before);
  }

  /** The SHA-256 of the database entry of the archive a backup report names, read independently. */
  private static String databaseSha256(JsonNode report) {
    Path archive = Path.of(report.path("path").asText());
    ArchiveSeenByCommonsCompress seen = ArchiveSeenByCommonsCompress.read(archive);
    assertThat(seen.problem()).as(archive.toString()).isNull();
    return seen.databaseSha256();
  }

  private static Path mkdirs(Path file) {
    try {
      Files.createDirectories(file.getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  private static ChildProcesses.Output pythonRun(String script, Path library) {
    try (ChildProcesses p = new ChildProcesses()) {
      return p.run(60, Python.command(script, library.toString()));
    }
  }

  /** The {@link #HOLDER} process. */
  private final class Holder {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    Holder(Path library) throws Exception {
      process =
          children.start(
              new ProcessBuilder(Python.command(HOLDER, library.toString()))
                  .redirectError(ProcessBuilder.Redirect.INHERIT));
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in =
          new PrintWriter(
              new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
              true);
      assertThat(line()).isEqualTo("ready");
    }

    /** Sends {@code command}; returns the answer, which must start with {@code expected}. */
    String send(String command, String expected) throws Exception {
      in.println(command);
      String answer = line();
      assertThat(answer).as("answer to %s", command).startsWith(expected);
      return answer;
    }

    void close() throws Exception {
      in.close();
      assertThat(line()).isEqualTo("closed");
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private String line() throws Exception {
      return CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readLine();
                } catch (java.io.IOException e) {
                  return "(unreadable: " + e + ")";
                }
              })
          .get(60, TimeUnit.SECONDS);
    }
  }
}
