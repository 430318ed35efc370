package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path childTemp = Files.createDirectories(tmp.resolve("child-tmp"));
    // A first run creates the library (SQLite is loaded), then restore waits for stdin.
    Process child =
        children.start(
            home.processBuilder(
                    List.of("-Djava.io.tmpdir=" + childTemp), "library", "restore", "-", "--yes")
                .redirectErrorStream(true));
    waitForLibrary(home);
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Stream<Path> left = Files.list(childTemp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("sqlite-jdbc's extracted library and lock files")
          .noneMatch(name -> name.contains("sqlite"));
    }
  }

  private static void waitForLibrary(TestHome home) throws InterruptedException, IOException {
    for (int i = 0; i < 600 && !Files.exists(home.library()); i++) {
      Thread.sleep(50);
    }
    assertThat(home.library()).exists();
    // The connection that created it is closed once the first-run note is written.
    Thread.sleep(500);
  }
}
