package vpo.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;

/**
 * Ctrl-C during a comparison leaves no side file beside either library: a child JVM compares two
 * WAL libraries in a loop (each comparison creates a {@code -wal} and {@code -shm} beside both
 * while it runs) and gets SIGINT, almost always in the middle of one.
 */
class LibraryDiffInterruptTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void ctrlCLeavesNoSideFiles() throws Exception {
    Path restored = LibraryFixture.createV27(tmp.resolve("backup.db"));
    LibraryFixture.populate(restored, 200, 3);
    Path replaced = Files.copy(restored, tmp.resolve("library.db"));
    LibraryFixture.populate(replaced, 50, 4);
    SortedMap<String, String> before = DiskState.of(tmp);
    Process child =
        children.start(
            ChildProcesses.java(CompareUntilStopped.class, replaced.toString(), restored.toString())
                .redirectError(tmp.resolve("child.err").toFile()));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as(Files.readString(tmp.resolve("child.err"))).isEqualTo("ready");

    children.run(30, List.of("kill", "-INT", Long.toString(child.pid())));

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("the JVM's status for SIGINT").isEqualTo(130);
    Files.delete(tmp.resolve("child.err"));
    assertThat(DiskState.of(tmp)).isEqualTo(before);
  }
}
