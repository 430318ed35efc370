package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A vpo JVM a test kills leaves nothing of SQLite's in the temp directory. */
class NativeSqliteTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void aKilledChildJvmLeavesNoCopyOfTheNativeLibraryBehind() throws Exception {
    TestHome home = new TestHome(tmp);
    assertThat(home.run("init").exitCode()).isZero();
    Path childTemp = Files.createDirectories(tmp.resolve("child-tmp"));
    // The test holds the library's write lock; the child loads SQLite, then waits for it.
    try (Connection holder = LibraryFixture.connect(home.library());
        Statement s = holder.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      home.env("VPO_BUSY_TIMEOUT_MS", "60000");
      Process child =
          children.start(
              home.processBuilder(
                      List.of("-Djava.io.tmpdir=" + childTemp), "library", "optimize", "--yes")
                  .redirectErrorStream(true));
      waitForSqlite(childTemp, child);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      s.execute("ROLLBACK");
    }

    try (Stream<Path> left = Files.list(childTemp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("sqlite-jdbc's extracted library and lock files")
          .noneMatch(name -> name.contains("sqlite"));
    }
  }

  /** Until the child has had time to load SQLite and wait for the lock. */
  private static void waitForSqlite(Path childTemp, Process child) throws InterruptedException {
    // Loading the native library, from the temp directory or the test's copy, takes under a
    // second once the JVM runs; the child then waits for the lock up to a minute.
    Thread.sleep(3000);
    assertThat(child.isAlive()).as("the child is waiting for the lock").isTrue();
  }
}
