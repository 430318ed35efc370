package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.Python;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * A library another process holds locked: the backup gives up after the busy timeout with exit 4
 * naming the library, and writes nothing (PRODUCT.md exit codes).
 */
class BackupLockedLibraryTest {
  /** Switches the library to a rollback journal and holds an exclusive lock until killed. */
  private static final String HOLD_EXCLUSIVE =
      """
      import sqlite3, sys, time
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      mode = c.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
      c.execute("BEGIN EXCLUSIVE")
      c.execute("UPDATE files SET scan_status = scan_status WHERE id = 1")
      print("locked " + mode, flush=True)
      time.sleep(600)
      """;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Process holder;

  @BeforeEach
  void lockedLibrary() throws Exception {
    home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 50, 17);
    holder =
        children.start(
            new ProcessBuilder(Python.command(HOLD_EXCLUSIVE, home.library().toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (java.io.IOException e) {
                return null;
              }
            });
    assertThat(line.get(60, TimeUnit.SECONDS)).isEqualTo("locked delete");
    // A short busy timeout keeps the test quick; the default is 10 s.
    home.env("VPO_BUSY_TIMEOUT_MS", "1000");
  }

  @Test
  void exclusiveLockOfAnotherProcessIsExit4NamingTheLibrary() throws Exception {
    ChildProcesses.Output text = children.run(120, home.processBuilder("library", "backup"));

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(4);
    assertThat(text.err().lines().toList())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("Error: ")
                    .contains(home.library().toString())
                    .contains("locked"));
    assertThat(text.out()).isEmpty();

    ChildProcesses.Output json =
        children.run(120, home.processBuilder("library", "backup", "--json"));

    assertThat(json.exitCode()).as(json.toString()).isEqualTo(4);
    JsonNode error = new ObjectMapper().readTree(json.out());
    assertThat(error.get("success").asBoolean()).isFalse();
    assertThat(error.get("error_code").asText()).isEqualTo("database_locked");
    assertThat(error.get("error").asText()).contains(home.library().toString());

    assertThat(holder.isAlive()).as("the lock was held throughout").isTrue();
    assertThat(DiskState.archives(tmp)).isEmpty();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();

    // Once the other process is gone, the same library backs up.
    ChildProcesses.kill(holder);
    TestHome.Result after = home.run("library", "backup", "--json");
    assertThat(after.exitCode()).as(after.toString()).isZero();
    Path archive = Path.of(new ObjectMapper().readTree(after.out()).get("path").asText());
    assertThat(ArchiveSeenByCommonsCompress.read(archive).problem()).isNull();
  }
}
