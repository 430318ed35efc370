package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.fs.TempFiles;

/** The contract, against a local directory; and what only a directory has. */
class LocalDirectoryTest extends BackupLocationContract {
  @TempDir Path tmp;
  Path dir;

  @Override
  BackupLocation newLocation() {
    dir = tmp.resolve("backups");
    return new LocalDirectory(dir);
  }

  @Override
  List<String> everything() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !Files.isDirectory(p)).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  @Override
  void putRaw(String relative, byte[] bytes) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  @Override
  boolean recordsSha256() {
    return false;
  }

  @Test
  void aDirectoryItCreatesIsPrivateAndSoAreArchives() throws IOException {
    Path nested = tmp.resolve("a/b");
    try (LocalDirectory d = new LocalDirectory(nested);
        Upload u = d.create("p.tar.gz", false)) {
      write(u.restart(), data(10, 1));
      u.commit();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a"))))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(nested.resolve("p.tar.gz"))))
        .isEqualTo("rw-------");
  }

  @Test
  void symbolicLinksAreNeitherListedNorDeleted() throws IOException {
    Files.createDirectories(dir);
    Path target = tmp.resolve("elsewhere.tar.gz");
    Files.write(target, data(10, 2));
    Files.createSymbolicLink(dir.resolve("vpo-library-link.tar.gz"), target);
    assertThat(location.list()).isEmpty();
    assertThatThrownBy(() -> location.delete("vpo-library-link.tar.gz"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a regular file");
    assertThat(target).exists();
  }

  @Test
  void staleTempFilesOfDeadProcessesAreRemovedAndDescribed() throws IOException {
    Files.createDirectories(dir);
    // A pid that cannot be running: beyond the kernel's pid_max.
    Path stale = dir.resolve(TempFiles.PREFIX + "99999999-abc-archive.tar.gz");
    Files.write(stale, new byte[] {1});
    Path live = dir.resolve(TempFiles.PREFIX + ProcessHandle.current().pid() + "-abc-x");
    Files.write(live, new byte[] {1});
    List<String> removed = location.cleanStale();
    assertThat(removed).hasSize(1);
    assertThat(removed.get(0)).contains(stale.toString());
    assertThat(stale).doesNotExist();
    assertThat(live).exists();
  }

  @Test
  void displayIsTheAbsolutePath() {
    assertThat(location.display()).isEqualTo(dir.toString());
    assertThat(location.display("x.tar.gz")).isEqualTo(dir.resolve("x.tar.gz").toString());
    assertThat(location.localDirectory()).contains(dir);
  }
}
