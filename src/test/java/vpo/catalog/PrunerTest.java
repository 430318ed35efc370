package vpo.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.LocalDirectory;
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
    assertThat(Pruner.safeToDelete(archive.getFileName().toString())).isTrue();
    assertThat(names(new BackupCatalog(dir).list()))
        .containsExactly(archive.getFileName().toString());
  }

  @Test
  void linksAreNeverDeletedWhereverTheyPoint() throws Exception {
    Path inside =
        Files.createSymbolicLink(dir.resolve("vpo-library-2026-03-02T10-00-00Z.tar.gz"), archive);
    Path outsideTarget = Files.copy(archive, tmp.resolve("elsewhere.tar.gz"));
    Path outside =
        Files.createSymbolicLink(
            dir.resolve("vpo-library-2026-03-03T10-00-00Z.tar.gz"), outsideTarget);

    // Never listed, so never in a plan; and deleting one by name is refused.
    assertThat(names(new BackupCatalog(dir).list()))
        .containsExactly(archive.getFileName().toString());
    LocalDirectory location = new LocalDirectory(dir);
    assertThatThrownBy(() -> location.delete(inside.getFileName().toString()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> location.delete(outside.getFileName().toString()))
        .isInstanceOf(IOException.class);
    assertThat(inside).isSymbolicLink();
    assertThat(outside).isSymbolicLink();
    assertThat(outsideTarget).exists();
    assertThat(archive).exists();
  }

  @Test
  void directoriesAndFilesElsewhereAreNotDeleted() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("vpo-library-2026-03-04T10-00-00Z.tar.gz"));
    Path nested = Files.copy(archive, sub.resolve("vpo-library-2026-03-05T10-00-00Z.tar.gz"));
    Path parent = Files.copy(archive, tmp.resolve("vpo-library-2026-03-06T10-00-00Z.tar.gz"));
    Path unrelated = Files.copy(archive, dir.resolve("notes.tar.gz"));

    assertThat(names(new BackupCatalog(dir).list()))
        .containsExactly(archive.getFileName().toString());
    assertThat(Pruner.safeToDelete("notes.tar.gz")).isFalse();
    assertThat(Pruner.safeToDelete("sub/vpo-library-2026-03-05T10-00-00Z.tar.gz")).isFalse();
    assertThat(Pruner.safeToDelete("../vpo-library-2026-03-06T10-00-00Z.tar.gz")).isFalse();
    assertThatThrownBy(() -> new LocalDirectory(dir).delete(sub.getFileName().toString()))
        .isInstanceOf(IOException.class);
    assertThat(sub).isDirectory();
    assertThat(nested).exists();
    assertThat(parent).exists();
    assertThat(unrelated).exists();
  }

  private static List<String> names(List<BackupEntry> entries) {
    return entries.stream().map(BackupEntry::filename).toList();
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
