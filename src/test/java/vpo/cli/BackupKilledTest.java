package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * A backup killed outright (SIGKILL) at any moment leaves no partial archive: every {@code
 * vpo-library-*.tar.gz} is complete, and the next vpo command removes the killed run's temp files
 * (PRODUCT.md backup 3).
 */
class BackupKilledTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private final Set<Path> checked = new HashSet<>();
  private TestHome home;

  @BeforeEach
  void libraryThatTakesAWhile() {
    home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 300, 31);
    LibraryFixture.addFiller(home.library(), 150, 40_000);
  }

  @Test
  void killedAtAnyMomentLeavesOnlyCompleteArchivesAndTheNextCommandCleansUp() throws Exception {
    // One run to the end, to learn how long a backup takes here (not asserted).
    long startedAt = System.nanoTime();
    ChildProcesses.Output full = children.run(300, home.processBuilder("library", "backup"));
    long fullMillis = (System.nanoTime() - startedAt) / 1_000_000;
    assertThat(full.exitCode()).as(full.toString()).isZero();
    assertEveryArchiveComplete();

    // Killed while its temp files certainly exist: the next command must remove them.
    startedAt = System.nanoTime();
    Process caught =
        children.start(
            home.processBuilder("library", "backup")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD));
    List<Path> leftovers = awaitTempFiles(caught);
    long firstTempMillis = (System.nanoTime() - startedAt) / 1_000_000;
    ChildProcesses.kill(caught);
    assertThat(leftovers).isNotEmpty();
    assertThat(leftovers)
        .allSatisfy(
            p ->
                assertThat(p.getFileName().toString())
                    .startsWith(".vpo-tmp-" + caught.pid() + "-"));
    assertEveryArchiveComplete();
    runNextCommandAndExpectNoTempFiles();

    // Killed at random moments, mostly while the backup works (from about when its first temp
    // file appeared to near the end of a whole run), some during start-up.
    Random random = new Random(20_260_205L);
    long from = firstTempMillis / 2;
    long span = Math.max(200, fullMillis * 9 / 10 - from);
    List<String> outcomes = new ArrayList<>();
    for (int run = 0; run < 10; run++) {
      long delay = from + (long) (random.nextDouble() * span);
      Process vpo =
          children.start(
              home.processBuilder("library", "backup")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD));
      boolean finished = vpo.waitFor(delay, TimeUnit.MILLISECONDS);
      int tempFiles = DiskState.tempFiles(home.home()).size();
      ChildProcesses.kill(vpo);
      outcomes.add(delay + " ms: " + (finished ? "finished" : tempFiles + " temp files"));
      assertEveryArchiveComplete();
      runNextCommandAndExpectNoTempFiles();
    }

    TestHome.Result verify = home.run("library", "verify");
    assertThat(verify.exitCode()).as("the library after %s: %s", outcomes, verify).isZero();
    for (Path archive : DiskState.archivesIn(home.backups())) {
      ChildProcesses.Output gzip = children.run(60, List.of("gzip", "-t", archive.toString()));
      assertThat(gzip.exitCode()).as(archive + ": " + gzip).isZero();
    }
  }

  @Test
  void ctrlCExits130AndRemovesItsTempFilesItself() throws Exception {
    // Ctrl-C is SIGINT to the process. A backup that finishes before the signal lands exits 0;
    // try again then.
    for (int attempt = 0; attempt < 3; attempt++) {
      Process vpo =
          children.start(
              home.processBuilder("library", "backup")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD));
      awaitTempFiles(vpo, home.backups());
      ChildProcesses.Output signal =
          children.run(30, List.of("kill", "-INT", Long.toString(vpo.pid())));
      assertThat(signal.exitCode()).as(signal.toString()).isZero();
      assertThat(vpo.waitFor(120, TimeUnit.SECONDS)).as("vpo ended after SIGINT").isTrue();

      // No later command cleans up here: the interrupted process did it on its way out.
      assertThat(DiskState.tempFiles(home.home())).isEmpty();
      assertEveryArchiveComplete();
      if (vpo.exitValue() != 0) {
        assertThat(vpo.exitValue()).isEqualTo(130);
        return;
      }
    }
    throw new AssertionError("every backup finished before SIGINT reached it");
  }

  @Test
  void nextBackupIntoAnotherDirectoryRemovesTheKilledRunsTempFilesThere() throws Exception {
    Path elsewhere = Files.createDirectories(home.home().resolve("usb"));
    Process killed =
        children.start(
            home.processBuilder("library", "backup", "-o", elsewhere + "/")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD));
    List<Path> leftovers = awaitTempFiles(killed, elsewhere);
    ChildProcesses.kill(killed);
    assertThat(leftovers).isNotEmpty();

    TestHome.Result next = home.run("library", "backup", "-o", elsewhere + "/");

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(DiskState.archivesIn(elsewhere))
        .isNotEmpty()
        .allSatisfy(
            a ->
                assertThat(ArchiveSeenByCommonsCompress.read(a).problem())
                    .as(a.toString())
                    .isNull());
  }

  /** Polls the backup directory until the running backup's temp files appear. */
  private List<Path> awaitTempFiles(Process vpo) throws InterruptedException {
    return awaitTempFiles(vpo, home.backups());
  }

  /** Polls {@code dir} until the running backup's temp files appear there. */
  private static List<Path> awaitTempFiles(Process vpo, Path dir) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      List<Path> temps = DiskState.tempFiles(dir);
      if (!temps.isEmpty()) {
        return temps;
      }
      if (!vpo.isAlive()) {
        throw new AssertionError("the backup ended before its temp files were seen");
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no temp files appeared within 120 s");
  }

  private void assertEveryArchiveComplete() {
    for (Path archive : DiskState.archivesIn(home.backups())) {
      if (checked.add(archive)) {
        ArchiveSeenByCommonsCompress contents = ArchiveSeenByCommonsCompress.read(archive);
        assertThat(contents.problem()).as(archive.toString()).isNull();
      }
    }
  }

  private void runNextCommandAndExpectNoTempFiles() {
    TestHome.Result info = home.run("library", "info");
    assertThat(info.exitCode()).as(info.toString()).isZero();
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
  }
}
