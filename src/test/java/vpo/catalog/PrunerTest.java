package vpo.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;

/** What prune may delete: only regular files named like backups, directly in the directory. */
class PrunerTest {
  @TempDir Path tmp;
  private Path dir;
  private Path archive;

  @BeforeEach
  void archive() throws Exception {
    dir = Files.createDirectories(tmp.resolve("backups"));
    archive =
        ArchiveBuilder.ofNewLibrary(tmp, 0)
            .createdAt(Instant.parse("2026-03-01T10:00:00Z"))
            .kind("backup")
            .writeTo(dir.resolve("vpo-library-2026-03-01T10-00-00Z.tar.gz"));
  }

  @Test
  void aRegularBackupFileInTheDirectoryMayBeDeleted() {
    assertThat(Pruner.safeToDelete(dir, archive)).isTrue();
  }

  @Test
  void linksAreNeverDeletedWhereverTheyPoint() throws Exception {
    Path inside =
        Files.createSymbolicLink(dir.resolve("vpo-library-2026-03-02T10-00-00Z.tar.gz"), archive);
    Path outsideTarget = Files.copy(archive, tmp.resolve("elsewhere.tar.gz"));
    Path outside =
        Files.createSymbolicLink(
            dir.resolve("vpo-library-2026-03-03T10-00-00Z.tar.gz"), outsideTarget);

    assertThat(Pruner.safeToDelete(dir, inside)).isFalse();
    assertThat(Pruner.safeToDelete(dir, outside)).isFalse();
  }

  @Test
  void directoriesAndFilesElsewhereAreNotDeleted() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("vpo-library-2026-03-04T10-00-00Z.tar.gz"));
    Path nested = Files.copy(archive, sub.resolve("vpo-library-2026-03-05T10-00-00Z.tar.gz"));
    Path parent = Files.copy(archive, tmp.resolve("vpo-library-2026-03-06T10-00-00Z.tar.gz"));
    Path unrelated = Files.copy(archive, dir.resolve("notes.tar.gz"));

    assertThat(Pruner.safeToDelete(dir, sub)).isFalse();
    assertThat(Pruner.safeToDelete(dir, nested)).isFalse();
    assertThat(Pruner.safeToDelete(dir, parent)).isFalse();
    assertThat(Pruner.safeToDelete(dir, unrelated)).isFalse();
    assertThat(Pruner.safeToDelete(dir, dir.resolve("vpo-library-2026-03-07T10-00-00Z.tar.gz")))
        .as("missing")
        .isFalse();
  }

  @Test
  void aDryRunDeletesNothingAndReportsWhatItWouldFree() throws Exception {
    Path older =
        ArchiveBuilder.ofNewLibrary(tmp, 0)
            .createdAt(Instant.parse("2026-02-01T10:00:00Z"))
            .kind("backup")
            .writeTo(dir.resolve("vpo-library-2026-02-01T10-00-00Z.tar.gz"));
    long size = Files.size(older);
    BackupCatalog catalog = new BackupCatalog(dir);
    RetentionPolicy policy = new RetentionPolicy(1, 0, 0, 0, false);

    Pruner.Result dry = Pruner.prune(catalog, policy, true);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.freedBytes()).isEqualTo(size);
    assertThat(older).exists();

    Pruner.Result real = Pruner.prune(catalog, policy, false);

    assertThat(real.dryRun()).isFalse();
    assertThat(real.freedBytes()).isEqualTo(size);
    assertThat(older).doesNotExist();
    assertThat(archive).exists();
  }
}
