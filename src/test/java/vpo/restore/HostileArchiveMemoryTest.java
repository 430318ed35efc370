package vpo.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ChildProcesses;
import vpo.testing.MaximalMembers;
import vpo.testing.TestHome;

/**
 * Hostile archives that ask for far more memory than the launcher's heap cap, restored from stdin
 * by a separate vpo JVM started with the launcher's own memory options (read from {@code ./vpo}).
 * Each must end as an invalid archive (exit 3), not as "out of memory" (exit 1), and leave nothing
 * behind: no library, no temp file, not even the directory the restore had to create. The archives
 * are made while the child reads them; neither process holds one.
 */
class HostileArchiveMemoryTest {
  @TempDir Path tmp;

  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  /** A hostile archive, written to {@code out} as the child reads it. */
  @FunctionalInterface
  interface Archive {
    void writeTo(OutputStream out) throws IOException;
  }

  record Case(String name, Archive archive, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> hostileArchives() {
    long block = MaximalMembers.BLOCK;
    return Stream.of(
        // Each member claims 64 MiB compressed and 32 MiB inflated: a reader holding several at
        // once needs several times 96 MiB; the third's trailer understates its size, which only
        // inflating all of it shows.
        new Case(
            "five gzip members of the largest size, the third damaged",
            out -> {
              try (InputStream in = MaximalMembers.stream(block, block, 0, 0, 0)) {
                in.transferTo(out);
              }
            },
            "gzip length mismatch in member 3"),
        // commons-compress would hold the whole name in memory.
        new Case(
            "a tar entry with a GNU long name of 512 MiB",
            HostileArchiveMemoryTest::hugeLongName,
            "tar entry headers longer than"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileArchives")
  void endsAsAnInvalidArchiveWithinTheLaunchersHeap(Case c) throws Exception {
    TestHome home = new TestHome(tmp);
    List<String> memory = TestHome.launcherMemoryOptions();
    Path library = tmp.resolve("restored").resolve("library.db");
    Process child =
        children.start(
            home.processBuilder(
                memory, "--db", library.toString(), "library", "restore", "-", "--yes"));
    CompletableFuture<String> out = ChildProcesses.drain(child.getInputStream());
    CompletableFuture<String> err = ChildProcesses.drain(child.getErrorStream());
    try (OutputStream stdin = child.getOutputStream()) {
      c.archive().writeTo(stdin);
    } catch (IOException e) {
      // The child stopped reading: it found the damage before the end.
    }
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
    String result =
        memory + ": exit " + child.exitValue() + "\n" + out.join() + "\n--- stderr\n" + err.join();

    assertThat(child.exitValue()).as(result).isEqualTo(3);
    assertThat(err.join()).as(result).contains(c.error()).doesNotContain("out of memory");
    assertThat(library.getParent()).as("no library, no temp file, no directory").doesNotExist();
  }

  /** A GNU long-name entry of 512 MiB of {@code n}s, gzipped as it is written. */
  private static void hugeLongName(OutputStream out) throws IOException {
    long size = 512L << 20;
    GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
    gzip.write(
        ArchiveBuilder.header(
            new ArchiveBuilder.Entry("././@LongLink", 'L', new byte[0], ""), size + 1));
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'n');
    for (long written = 0; written < size; written += chunk.length) {
      gzip.write(chunk);
    }
    gzip.write(new byte[1 + ArchiveBuilder.padding(size + 1)]);
    gzip.write(ArchiveBuilder.header(ArchiveBuilder.Entry.file("short", new byte[0]), 0));
    gzip.write(new byte[1024]);
    gzip.finish();
  }
}
