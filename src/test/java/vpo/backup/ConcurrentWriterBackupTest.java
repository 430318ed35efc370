package vpo.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Backups taken while another process commits to the library without pause (PRODUCT.md backup 1):
 * each archive holds exactly one committed state, and the writer is never held up for more than a
 * moment.
 */
class ConcurrentWriterBackupTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void backupsDuringContinuousCommitsHoldOneCommittedStateAndNeverBlockTheWriter()
      throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 300, 5);
    Path library = home.library();
    // Some bulk, so that each backup takes a while and many commits land during it.
    LibraryFixture.addFiller(library, 400, 40_000);
    LibraryFixture.execute(
        library,
        "CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)",
        "CREATE TABLE ledger_counter (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)",
        "INSERT INTO ledger_counter VALUES (1, 0)");

    Process writer =
        children.start(
            ChildProcesses.java(LedgerWriter.class, library.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT));
    BlockingQueue<String> lines = linesOf(writer);
    awaitLine(lines, "ready", writer);

    List<Path> archives = new ArrayList<>();
    List<long[]> windows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long before = counter(library);
      TestHome.Result r = home.run("library", "backup", "--json");
      long after = counter(library);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      archives.add(Path.of(new ObjectMapper().readTree(r.out()).get("path").asText()));
      windows.add(new long[] {before, after});
    }

    writer.getOutputStream().close();
    String done = awaitLine(lines, "done", writer);
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(writer.exitValue()).as(done).isZero();
    Matcher m = Pattern.compile("done commits=(\\d+) max_latency_ms=(\\d+)").matcher(done);
    assertThat(m.matches()).as(done).isTrue();
    long commits = Long.parseLong(m.group(1));
    long worstLatencyMs = Long.parseLong(m.group(2));

    assertThat(archives).doesNotHaveDuplicates();
    for (int i = 0; i < archives.size(); i++) {
      Path db = tmp.resolve("extracted-" + i + ".db");
      ArchiveSeenByCommonsCompress contents =
          ArchiveSeenByCommonsCompress.read(archives.get(i), db);
      assertThat(contents.problem()).as(archives.get(i).toString()).isNull();
      try (Connection c = LibraryFixture.connect(db, Access.READ_ONLY);
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT (SELECT coalesce(sum(amount), 0) FROM ledger),"
                      + " (SELECT count(*) FROM ledger), (SELECT n FROM ledger_counter)")) {
        r.next();
        long sum = r.getLong(1);
        long rows = r.getLong(2);
        long n = r.getLong(3);
        String state = "archive " + i + ": sum " + sum + ", rows " + rows + ", counter " + n;
        assertThat(sum).as(state).isZero();
        assertThat(rows).as(state).isEqualTo(2 * n);
        // The state is one that was committed while that backup ran, not an older one.
        assertThat(n).as(state).isBetween(windows.get(i)[0], windows.get(i)[1]);
      }
      // The writer kept committing while the backup ran.
      assertThat(windows.get(i)[1])
          .as("commits during backup %d", i)
          .isGreaterThan(windows.get(i)[0]);
    }
    assertThat(counter(library)).as("every commit the writer counted").isEqualTo(commits);
    assertThat(worstLatencyMs)
        .as("worst commit latency of the writer over %d commits", commits)
        .isLessThan(1_000);
  }

  private static long counter(Path library) throws SQLException {
    try (Connection c = LibraryFixture.connect(library, Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT n FROM ledger_counter")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static BlockingQueue<String> linesOf(Process p) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                lines.add("(output unreadable: " + e + ")");
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String awaitLine(BlockingQueue<String> lines, String prefix, Process p)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !p.isAlive() && lines.isEmpty()) {
        fail("the writer exited with " + p.exitValue() + " before printing '" + prefix + "'");
      }
    }
    throw new AssertionError("the writer did not print '" + prefix + "' within 60 s");
  }
}
