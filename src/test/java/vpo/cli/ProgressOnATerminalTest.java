package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.OtherFileSystem;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * What a person at a terminal sees on stderr while vpo works: every phase labelled, a spinner for
 * the snapshot (whose size is not known), a consistent first frame for the archive, the safety copy
 * of a restore named as such, and after Ctrl-C a line saying what was stopped. Phases are drawn
 * from their start here ({@value TerminalProgress#DELAY_ENV}=0), so nothing depends on how fast
 * this machine is.
 */
class ProgressOnATerminalTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  private TestHome home() {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 200, 5);
    home.terminal(true).env(TerminalProgress.DELAY_ENV, "0");
    return home;
  }

  @Test
  void aBackupShowsEveryPhaseFromItsFirstFrame() {
    TestHome home = home();

    TestHome.Result r = home.run("library", "backup");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String err = r.err();
    assertThat(err).contains("\rTaking a snapshot of the library  |  0:00");
    assertThat(err).containsPattern("\rWriting archive    0% \\[> +\\]  0 B / [\\d.]+ [KM]B");
    assertThat(err).doesNotContain("?").doesNotContain("0:00:00").doesNotContain("0 B/s");
    assertThat(err).as("each line erased when its phase ends").endsWith("\r");
    assertThat(err.replaceAll("\r[^\r\n]*", "")).as("no text besides the progress lines").isEmpty();
  }

  @Test
  void theSafetyCopyOfARestoreIsLabelledAsSuchWhenItIsCopied() throws Exception {
    TestHome home = home();
    Path other = LibraryFixture.createV27(tmp.resolve("other.db"));
    LibraryFixture.populate(other, 3, 3);
    LibraryFixture.selfContained(other);
    Path archive = ArchiveBuilder.of(other).writeTo(tmp.resolve("in").resolve("a.tar.gz"));
    try (OtherFileSystem elsewhere = OtherFileSystem.besides(tmp)) {
      // Backups on another disk: the replaced library is copied there, not linked.
      Files.move(home.backups(), elsewhere.dir().resolve("backups"));
      Files.createSymbolicLink(home.backups(), elsewhere.dir().resolve("backups"));

      TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.err()).contains("\rReading archive").contains("\rChecking database  |");
      assertThat(r.err()).contains("\rSaving a safety copy of the current library");
      assertThat(r.err()).doesNotContain("Writing archive").doesNotContain("Taking a snapshot");
    }
  }

  @Test
  void aSafetyCopyOnTheLibrarysDiskTakesNoPhaseAtAll() {
    TestHome home = home();
    Path other = LibraryFixture.createV27(tmp.resolve("other.db"));
    LibraryFixture.populate(other, 3, 3);
    LibraryFixture.selfContained(other);
    Path archive = ArchiveBuilder.of(other).writeTo(tmp.resolve("in").resolve("a.tar.gz"));

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("\rReading archive").doesNotContain("Saving a safety copy");
  }

  @Test
  void ctrlCEndsTheLineWithWhatWasStoppedAndExits130() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 300, 31);
    LibraryFixture.addFiller(home.library(), 1_500, 40_000);
    home.env(TerminalProgress.DELAY_ENV, "0");
    // A backup that finishes before the signal lands exits 0; try again then.
    for (int attempt = 0; attempt < 3; attempt++) {
      Process vpo =
          children.start(
              home.processBuilder(List.of("-Dvpo.tty=e"), "library", "backup")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      vpo.getOutputStream().close();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      CompletableFuture<Void> reading = readInto(vpo.getErrorStream(), seen);
      awaitText(vpo, seen, "\rWriting archive");
      ChildProcesses.Output signal =
          children.run(30, List.of("kill", "-INT", Long.toString(vpo.pid())));
      assertThat(signal.exitCode()).as(signal.toString()).isZero();
      assertThat(vpo.waitFor(120, TimeUnit.SECONDS)).as("vpo ended after SIGINT").isTrue();
      reading.get(30, TimeUnit.SECONDS);
      String err = seen.toString(StandardCharsets.UTF_8);
      if (vpo.exitValue() == 0) {
        continue;
      }
      assertThat(vpo.exitValue()).as(err).isEqualTo(130);
      assertThat(err).endsWith("\n");
      String lastLine = err.substring(err.lastIndexOf('\r') + 1).strip();
      assertThat(lastLine)
          .as(err)
          .matches(
              "Writing archive: interrupted at \\d+%; the backup was stopped; no archive was written");
      assertThat(DiskState.archivesIn(home.backups())).isEmpty();
      assertThat(DiskState.tempFiles(home.home())).isEmpty();
      return;
    }
    throw new AssertionError("every backup finished before SIGINT reached it");
  }

  private static CompletableFuture<Void> readInto(InputStream in, ByteArrayOutputStream into) {
    return CompletableFuture.runAsync(
        () -> {
          byte[] buffer = new byte[4096];
          try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
              synchronized (into) {
                into.write(buffer, 0, n);
              }
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void awaitText(Process vpo, ByteArrayOutputStream seen, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      synchronized (seen) {
        if (seen.toString(StandardCharsets.UTF_8).contains(text)) {
          return;
        }
      }
      if (!vpo.isAlive()) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("'" + text + "' did not appear within 120 s");
  }
}
