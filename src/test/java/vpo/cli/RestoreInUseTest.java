package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.Python;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Restore refuses (exit 4) and changes nothing while another process has the library open
 * (PRODUCT.md restore 3): a running daemon's idle WAL-mode connection, and a writer in the middle
 * of a transaction. The other process is a real one: Python's {@code sqlite3}, which VPO itself
 * uses.
 */
class RestoreInUseTest {
  /** Opens the library, reads once, then sits idle until a line arrives on stdin. */
  private static final String IDLE_READER =
      """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1])
      c.execute("SELECT count(*) FROM files").fetchall()
      print("ready", flush=True)
      sys.stdin.readline()
      c.close()
      """;

  /** Opens the library and holds an uncommitted write transaction until a line arrives. */
  private static final String WRITER =
      """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("BEGIN IMMEDIATE")
      c.execute("INSERT INTO plugin_acknowledgments (plugin_name, plugin_hash, acknowledged_at)"
                " VALUES ('held-open', 'abc', '2026-02-05T14:30:22Z')")
      print("ready", flush=True)
      sys.stdin.readline()
      c.execute("ROLLBACK")
      c.close()
      """;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Path archive;

  @BeforeEach
  void libraryAndArchive() {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 3, 1);
    Path other = LibraryFixture.createV27(tmp.resolve("other.db"));
    LibraryFixture.populate(other, 2, 2);
    archive =
        ArchiveBuilder.of(LibraryFixture.selfContained(other)).writeTo(tmp.resolve("a.tar.gz"));
  }

  @Test
  void refusedWhileAnIdleWalConnectionIsOpen() throws Exception {
    holdOpen(IDLE_READER);
    assertRefused("library", "restore", archive.toString(), "--yes");
  }

  @Test
  void refusedWhileAnotherProcessHoldsAWriteTransaction() throws Exception {
    holdOpen(WRITER);
    assertRefused("library", "restore", archive.toString(), "--yes");
  }

  @Test
  void refusedWithAJsonErrorUnderJson() throws Exception {
    holdOpen(IDLE_READER);
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("success").asBoolean()).isFalse();
    assertThat(doc.get("error_code").asText()).isEqualTo("database_locked");
    assertThat(doc.get("error").asText()).contains(home.library().toString());
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void restoresOnceTheOtherProcessHasGone() throws Exception {
    Process holder = holdOpen(IDLE_READER);
    assertThat(home.run("library", "restore", archive.toString(), "--yes").exitCode()).isEqualTo(4);

    holder.getOutputStream().write('\n');
    holder.getOutputStream().flush();
    assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private void assertRefused(String... args) throws Exception {
    SortedMap<String, String> before = disk();
    assertThat(home.library().resolveSibling("library.db-shm"))
        .as("the other process has the library open in WAL mode")
        .exists();

    TestHome.Result r = home.run(args);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.err().lines()).as(r.toString()).singleElement().asString().startsWith("Error: ");
    assertThat(r.err()).contains(home.library().toString()).contains("in use");
    assertThat(disk()).as("library, -wal, -shm and directories unchanged").isEqualTo(before);
    assertThat(DiskState.names(home.backups())).as("no safety archive").isEmpty();
  }

  /** Starts python3 running {@code script} on the library; returns once it says it is ready. */
  private Process holdOpen(String script) throws Exception {
    Process p =
        children.start(
            new ProcessBuilder(Python.command(script, home.library().toString()))
                .redirectError(tmp.resolve("python.err").toFile()));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as(Files.readString(tmp.resolve("python.err"))).isEqualTo("ready");
    return p;
  }

  private SortedMap<String, String> disk() {
    return DiskState.of(tmp, home.dataDir().resolve("logs"));
  }
}
