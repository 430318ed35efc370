package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.TestHome;

/** The next command removes the temp files a killed vpo left behind, and nothing else. */
class StaleTempFilesTest {
  @TempDir Path tmp;

  @Test
  void anyCommandRemovesTempFilesOfDeadProcessesBesideLibraryAndBackups() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Process exited = new ProcessBuilder("true").start();
    assertThat(exited.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long dead = exited.pid();
    long me = ProcessHandle.current().pid();
    Path staleArchive =
        Files.writeString(home.backups().resolve(".vpo-tmp-" + dead + "-9f-backup"), "partial");
    Path staleDb =
        Files.writeString(home.dataDir().resolve(".vpo-tmp-" + dead + "-a0-restore.db"), "x");
    Path ours = Files.writeString(home.backups().resolve(".vpo-tmp-" + me + "-b1-backup"), "x");
    Path archive =
        Files.writeString(home.backups().resolve("vpo-library-2026-02-05T14-30-22Z.tar.gz"), "x");

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(staleArchive).doesNotExist();
    assertThat(staleDb).doesNotExist();
    assertThat(ours).as("a running process's temp file").exists();
    assertThat(archive).exists();
    assertThat(home.library()).exists();
    assertThat(Files.readString(home.logFile())).contains("removed stale temporary file");
  }
}
