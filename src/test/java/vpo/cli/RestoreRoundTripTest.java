package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Backup, change, restore: the library comes back exactly as backed up, and the pre-restore safety
 * archive brings back what the restore replaced (PRODUCT.md restore 5).
 */
class RestoreRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private TestHome home;
  private Path backup;
  private LibraryContent backedUp;
  private LibraryContent changed;

  @BeforeEach
  void backUpThenChange() throws Exception {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 6, 1);
    backedUp = LibraryContent.read(home.library());
    backup = Path.of(home.backup().get("path").asText());

    LibraryFixture.populate(home.library(), 3, 2);
    LibraryFixture.execute(
        home.library(),
        "DELETE FROM files WHERE id % 2 = 0",
        "UPDATE policies SET version = version + 10");
    changed = LibraryContent.read(home.library());
    assertThat(changed).isNotEqualTo(backedUp);
  }

  @Test
  void restoreBringsBackTheBackupAndItsSafetyArchiveBringsBackTheChanges() throws Exception {
    TestHome.Result r = home.run("library", "restore", backup.toString(), "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(LibraryContent.read(home.library())).isEqualTo(backedUp);
    JsonNode doc = JSON.readTree(r.out());
    Path safety = Path.of(doc.get("safety_backup_path").asText());
    assertThat(safety.getParent()).isEqualTo(home.backups());
    assertThat(safety.getFileName().toString())
        .matches("vpo-library-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z-pre-restore(-\\d+)?\\.db");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(safety)))
        .isEqualTo("rw-------");
    assertThat(DiskState.names(home.backups()))
        .containsExactlyInAnyOrder(
            backup.getFileName().toString(), safety.getFileName().toString());

    TestHome.Result undo =
        home.run("library", "restore", safety.toString(), "--yes", "--no-safety-backup");

    assertThat(undo.exitCode()).as(undo.toString()).isZero();
    assertThat(LibraryContent.read(home.library())).isEqualTo(changed);
  }

  @Test
  void textOutputPrintsTheSafetyArchiveItWrote() {
    List<String> before = DiskState.names(home.backups());

    TestHome.Result r = home.run("library", "restore", backup.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> added =
        DiskState.names(home.backups()).stream().filter(n -> !before.contains(n)).toList();
    assertThat(added).singleElement().asString().endsWith("-pre-restore.db");
    assertThat(r.out()).contains(home.backups().resolve(added.get(0)).toString());
    assertThat(LibraryContent.read(home.library())).isEqualTo(backedUp);
  }

  @Test
  void noSafetyBackupWritesNoneAndWarns() throws Exception {
    List<String> before = DiskState.names(home.backups());

    TestHome.Result r =
        home.run("library", "restore", backup.toString(), "--yes", "--no-safety-backup");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).startsWith("Warning: ").contains("--no-safety-backup");
    assertThat(DiskState.names(home.backups())).isEqualTo(before);
    assertThat(LibraryContent.read(home.library())).isEqualTo(backedUp);
  }

  @Test
  void noSafetyBackupUnderJsonReportsNoPath() throws Exception {
    List<String> before = DiskState.names(home.backups());

    TestHome.Result r =
        home.run("library", "restore", backup.toString(), "--yes", "--no-safety-backup", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(JSON.readTree(r.out()).get("safety_backup_path").isNull()).isTrue();
    assertThat(DiskState.names(home.backups())).isEqualTo(before);
  }

  @Test
  void changesStillOnlyInTheWalAreInTheSafetyArchive() throws Exception {
    // A daemon killed with its last transactions still in the -wal: the safety copy must hold them.
    Path live = tmp.resolve("live");
    Files.createDirectories(live);
    LibraryContent unclean = vpo.testing.UncleanLibrary.create(live.resolve("library.db"), 5, 3);
    vpo.testing.UncleanLibrary.copy(live.resolve("library.db"), home.library());

    TestHome.Result r = home.run("library", "restore", backup.toString(), "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(home.library().resolveSibling("library.db-wal")).doesNotExist();
    assertThat(LibraryContent.read(home.library())).isEqualTo(backedUp);
    Path safety = Path.of(JSON.readTree(r.out()).get("safety_backup_path").asText());
    assertThat(
            home.run("library", "restore", safety.toString(), "--yes", "--no-safety-backup")
                .exitCode())
        .isZero();
    assertThat(LibraryContent.read(home.library())).isEqualTo(unclean);
  }
}
