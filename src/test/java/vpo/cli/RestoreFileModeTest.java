package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * A restore keeps the mode of the library it replaces (a library shared with a group stays shared);
 * a library restored where there was none is private (0600).
 */
class RestoreFileModeTest {
  @TempDir Path tmp;
  private Path archive;

  @BeforeEach
  void anArchive() {
    Path other = LibraryFixture.createV27(tmp.resolve("other.db"));
    LibraryFixture.populate(other, 2, 2);
    LibraryFixture.selfContained(other);
    archive = ArchiveBuilder.of(other).writeTo(tmp.resolve("in").resolve("a.tar.gz"));
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void replacingALibraryKeepsItsMode() throws Exception {
    for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw-------"}) {
      TestHome home = TestHome.withLibrary(tmp.resolve(mode), Start.INITIALISED, 3, 1);
      Files.setPosixFilePermissions(home.library(), PosixFilePermissions.fromString(mode));

      TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(mode(home.library())).as("restored over a %s library", mode).isEqualTo(mode);
    }
  }

  @Test
  void aLibraryRestoredWhereThereWasNoneIsPrivate() throws Exception {
    TestHome home = new TestHome(tmp);
    Path db = tmp.resolve("new").resolve("library.db");

    TestHome.Result r = home.run("--db", db.toString(), "library", "restore", archive.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(mode(db)).isEqualTo("rw-------");
  }
}
