package vpo.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;

/**
 * The temp copy of a library a backup archives holds every file name of the collection: it is
 * private (0600) whatever the library's mode, as the archive made from it is.
 */
class SnapshotPrivacyTest {
  @TempDir Path tmp;

  private Path sharedLibrary() throws Exception {
    Path db = LibraryFixture.createV27(tmp.resolve("library.db"));
    LibraryFixture.populate(db, 20, 1);
    LibraryFixture.selfContained(db);
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    return db;
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void anOnlineSnapshotIsPrivate() throws Exception {
    Path db = sharedLibrary();
    Path dir = Files.createDirectory(tmp.resolve("backups"));

    try (Library library = Library.open(db, Library.Mode.READ);
        LibrarySnapshot snapshot = LibrarySnapshot.take(library, dir)) {
      assertThat(mode(snapshot.file())).isEqualTo("rw-------");
      assertThat(snapshot.fileCount()).isEqualTo(20);
    }
  }

  @Test
  void aCopyOfAGuardedLibraryIsPrivate() throws Exception {
    Path db = sharedLibrary();
    Path copy = Files.createDirectory(tmp.resolve("backups")).resolve("copy.db");
    long[] copied = {0};

    try (LibraryGuard guard = LibraryGuard.acquire(db)) {
      guard.copyTo(copy, n -> copied[0] += n);
    }

    assertThat(mode(copy)).isEqualTo("rw-------");
    assertThat(Files.mismatch(copy, db)).as("byte for byte").isEqualTo(-1L);
    assertThat(copied[0]).as("progress counts every byte").isEqualTo(Files.size(db));
  }
}
