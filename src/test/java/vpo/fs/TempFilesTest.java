package vpo.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temp files of vpo processes that died are removed; those of living processes never are. */
class TempFilesTest {
  @TempDir Path dir;
  private Process live;

  @AfterEach
  void stopLiveProcess() throws Exception {
    if (live != null) {
      live.destroyForcibly();
      live.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The pid of a process that has run and exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long pid = p.pid();
    assertThat(ProcessHandle.of(pid)).as("pid %d was reused at once", pid).isEmpty();
    return pid;
  }

  private Path file(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "x");
  }

  @Test
  void removesTheFilesOfDeadProcessesOnly() throws Exception {
    live = new ProcessBuilder("sleep", "60").start();
    long dead = deadPid();
    long me = ProcessHandle.current().pid();
    Path ofDead = file(".vpo-tmp-" + dead + "-1a2b3c-backup");
    Path ofDeadDb = file(".vpo-tmp-" + dead + "-ffee-restore.db");
    Path ofLive = file(".vpo-tmp-" + live.pid() + "-4d5e6f-backup");
    Path ofMe = file(".vpo-tmp-" + me + "-abc-backup");
    Path archive = file("vpo-library-2026-02-05T14-30-22Z.tar.gz");
    Path library = file("library.db");
    Path notAPid = file(".vpo-tmp-abc-def");
    Path noDash = file(".vpo-tmp-" + dead);
    Path lookalike = file("vpo-tmp-" + dead + "-1-backup");

    var removed = TempFiles.removeStale(dir);

    assertThat(removed).containsExactlyInAnyOrder(ofDead, ofDeadDb);
    assertThat(ofDead).doesNotExist();
    assertThat(ofDeadDb).doesNotExist();
    assertThat(ofLive).exists();
    assertThat(ofMe).exists();
    assertThat(archive).exists();
    assertThat(library).exists();
    assertThat(notAPid).exists();
    assertThat(noDash).exists();
    assertThat(lookalike).exists();
  }

  @Test
  void leavesDirectoriesWithATempNameAlone() throws Exception {
    Path directory = Files.createDirectory(dir.resolve(".vpo-tmp-" + deadPid() + "-1-extract"));

    assertThat(TempFiles.removeStale(dir)).isEmpty();

    assertThat(directory).isDirectory();
  }

  @Test
  void aMissingDirectoryIsNothingToClean() {
    assertThat(TempFiles.removeStale(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void allocatedNamesAreUniqueAndOwnedByThisProcess() {
    Path a = TempFiles.allocate(dir, "backup");
    Path b = TempFiles.allocate(dir, "backup");
    try {
      assertThat(a).isNotEqualTo(b);
      assertThat(TempFiles.ownerPid(a.getFileName().toString()))
          .isEqualTo(ProcessHandle.current().pid());
      assertThat(a.getFileName().toString()).doesNotStartWith("vpo-library-");
    } finally {
      TempFiles.release(a);
      TempFiles.release(b);
    }
  }

  @Test
  void deleteRemovesSqliteSideFilesToo() throws Exception {
    Path temp = TempFiles.allocate(dir, "restore.db");
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      Files.writeString(temp.resolveSibling(temp.getFileName() + suffix), "x");
    }
    Path other = file("library.db-wal");

    TempFiles.delete(temp);

    try (var s = Files.list(dir)) {
      assertThat(s.toList()).containsExactly(other);
    }
  }
}
