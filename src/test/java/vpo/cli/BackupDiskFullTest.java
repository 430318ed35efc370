package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.fs.ByteSizes;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * A destination without room: exit 5 with one {@code Error:} line, and no temp files left anywhere
 * (PRODUCT.md backup 2 and 3, exit codes). Runs vpo as a child process where the failure must come
 * from the real standard output.
 */
class BackupDiskFullTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Path mounted;

  @BeforeEach
  void populatedLibrary() throws Exception {
    home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 100, 21);
  }

  @AfterEach
  void cleanUp() {
    children.close();
    if (mounted != null) {
      children.run(60, List.of("umount", mounted.toString()));
    }
  }

  @Test
  void streamToAFullDeviceIsExit5AndLeavesNoTempFiles() throws Exception {
    Process vpo =
        children.start(
            home.processBuilder("library", "backup", "-o", "-")
                .redirectOutput(new File("/dev/full")));
    vpo.getOutputStream().close();
    CompletableFuture<String> err = ChildProcesses.drain(vpo.getErrorStream());
    assertThat(vpo.waitFor(120, TimeUnit.SECONDS)).as("vpo finished").isTrue();

    String stderr = err.join();
    assertThat(vpo.exitValue()).as(stderr).isEqualTo(5);
    assertThat(stderr.lines().toList())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("Error: ")
                    .contains("standard output")
                    .contains("No space left on device"));
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
    assertThat(DiskState.archives(tmp)).isEmpty();
  }

  @Test
  void streamToAPipeOfARealProcessIsExactlyTheArchive() throws Exception {
    // The contrast to the full device: the same child, its stdout a pipe.
    Process vpo = children.start(home.processBuilder("library", "backup", "-o", "-"));
    vpo.getOutputStream().close();
    CompletableFuture<String> err = ChildProcesses.drain(vpo.getErrorStream());
    Path db = tmp.resolve("streamed.db");
    ArchiveSeenByCommonsCompress contents =
        ArchiveSeenByCommonsCompress.read(vpo.getInputStream(), db);
    assertThat(vpo.waitFor(120, TimeUnit.SECONDS)).as("vpo finished").isTrue();

    assertThat(vpo.exitValue()).as(err.join()).isZero();
    assertThat(contents.problem()).isNull();
    assertThat(LibraryContent.dump(db)).isEqualTo(LibraryContent.dump(home.library()));
    assertThat(err.join()).contains("Backup:    standard output");
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }

  @Test
  void tooSmallDestinationIsRefusedBeforeWritingWithNeededAndAvailableBytes() throws Exception {
    mounted = tmp.resolve("small");
    Files.createDirectories(mounted);
    ChildProcesses.Output mount =
        children.run(
            60, List.of("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mounted.toString()));
    if (mount.exitCode() != 0) {
      mounted = null;
      Assumptions.abort("cannot mount a small tmpfs here: " + mount.err().strip());
    }
    // About 10 MB: far more than the 2 MiB file system holds.
    LibraryFixture.addFiller(home.library(), 250, 40_000);
    assertThat(Files.size(home.library())).isGreaterThan(10_000_000);

    TestHome.Result r = home.run("library", "backup", "-o", mounted + "/");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).hasLineCount(1).startsWith("Error: ").contains(mounted.toString());
    // Sizes as people read them in the message; the exact bytes in JSON.
    Matcher m =
        Pattern.compile("need ([\\d.]+ [KMG]B), ([\\d.]+ [KMG]?B) available").matcher(r.err());
    assertThat(m.find()).as(r.err()).isTrue();
    assertThat(DiskState.paths(mounted)).isEmpty();

    TestHome.Result json = home.run("library", "backup", "--json", "-o", mounted + "/");

    assertThat(json.exitCode()).as(json.toString()).isEqualTo(5);
    JsonNode error = new ObjectMapper().readTree(json.out());
    assertThat(error.get("error_code").asText()).isEqualTo("insufficient_space");
    long needed = error.get("needed_bytes").longValue();
    long available = error.get("available_bytes").longValue();
    assertThat(needed).isGreaterThan(Files.size(home.library()));
    assertThat(available).isLessThanOrEqualTo(2L << 20).isLessThan(needed);
    assertThat(m.group(1)).isEqualTo(ByteSizes.human(needed));
    assertThat(DiskState.paths(mounted)).isEmpty();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }
}
