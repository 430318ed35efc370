package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.cli.LibraryOwnershipTest.filenames;
import static vpo.cli.LibraryOwnershipTest.libraryId;
import static vpo.cli.LibraryOwnershipTest.ok;
import static vpo.cli.LibraryOwnershipTest.withoutId;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * What a restore does with the library's identity. Over a library with data, the library keeps its
 * own id, so its archives stay its own and the archive's library keeps its; where there is no
 * library (a new machine), or only the empty one vpo made there, the library is the archive's
 * again: one command, no question, no pointless safety archive.
 */
class RestoreLibraryIdentityTest {
  @TempDir Path tmp;

  @Test
  void onANewMachineRestoreAsksNothingSavesNothingAndTheLibraryIsTheArchivesAgain()
      throws Exception {
    TestHome old = TestHome.withLibrary(tmp.resolve("old"), Start.INITIALISED, 12, 7);
    Path archive = Path.of(old.backup().get("path").asText());
    String id = libraryId(old.library());

    // The user's backups came along: restore from them, no --yes, no terminal to answer on.
    TestHome fresh = new TestHome(tmp.resolve("new"));
    Path moved = fresh.home().resolve("moved").resolve(archive.getFileName());
    Files.createDirectories(moved.getParent());
    Files.copy(archive, moved);
    TestHome.Result r = fresh.run("library", "restore", moved.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out() + r.err()).doesNotContain("Continue?").doesNotContain("--yes");
    assertThat(r.out()).doesNotContain("Safety copy").doesNotContain("undo with");
    assertThat(DiskState.archives(fresh.home())).containsExactly(moved);
    assertThat(LibraryContent.dump(fresh.library())).isEqualTo(LibraryContent.dump(old.library()));
    assertThat(libraryId(fresh.library())).isEqualTo(id);
    // So the old machine's archives are this library's.
    JsonNode listed =
        json(ok(fresh.run("library", "backups", "--path", moved.getParent().toString(), "--json")));
    assertThat(filenames(listed)).containsExactly(archive.getFileName().toString());
    assertThat(listed.has("other_libraries_count")).isFalse();
  }

  @Test
  void anEmptyLibraryVpoMadeOnTheNewMachineCountsAsNone() throws Exception {
    TestHome old = TestHome.withLibrary(tmp.resolve("old"), Start.INITIALISED, 12, 7);
    Path archive = Path.of(old.backup().get("path").asText());
    String id = libraryId(old.library());
    TestHome fresh = new TestHome(tmp.resolve("new"));
    // The first command on the new machine made an empty library, and backed it up.
    String empty = fresh.backup().get("path").asText();
    assertThat(libraryId(fresh.library())).isNotNull().isNotEqualTo(id);

    for (boolean asJson : new boolean[] {false, true}) {
      TestHome.Result r =
          asJson
              ? fresh.run("library", "restore", archive.toString(), "--json")
              : fresh.run("library", "restore", archive.toString());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out() + r.err()).doesNotContain("Continue?");
      assertThat(DiskState.archivesIn(fresh.backups())).containsExactly(Path.of(empty));
      assertThat(LibraryContent.dump(fresh.library()))
          .isEqualTo(LibraryContent.dump(old.library()));
      assertThat(libraryId(fresh.library())).isEqualTo(id);
      if (asJson) {
        assertThat(json(r).get("safety_backup_path").isNull()).isTrue();
      }
      // Make it empty again for the JSON round: as vpo makes it on a new machine.
      Files.delete(fresh.library());
      LibraryFixture.createV27(fresh.library());
    }
  }

  @Test
  void restoringOneLibrarysArchiveOverAnotherKeepsEachLibrarysIdentityAndArchives()
      throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 12, 7);
    Path b = home.home().resolve("b.db");
    LibraryFixture.createV27(b);
    LibraryFixture.populate(b, 4, 9);
    restoreOverAnother(home, b);
  }

  @Test
  void aLibraryWithoutAnIdRestoredOverGetsItsOwnNotTheArchives() throws Exception {
    // b.db was made by the Python VPO: no id. Taking the archive's would make it the default
    // library as far as every archive is concerned, and its prune would delete those.
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 12, 7);
    Path b = home.home().resolve("b.db");
    LibraryFixture.createV27(b);
    LibraryFixture.populate(b, 4, 9);
    withoutId(b);
    restoreOverAnother(home, b);
  }

  private static void restoreOverAnother(TestHome home, Path b) {
    String a1 = name(home.backup().get("path").asText());
    String aId = libraryId(home.library());

    TestHome.Result r =
        home.run(
            "--db",
            "b.db",
            "library",
            "restore",
            home.backups().resolve(a1).toString(),
            "--yes",
            "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String safety = name(json(r).get("safety_backup_path").asText());
    assertThat(safety).endsWith("-pre-restore.db");
    assertThat(LibraryContent.dump(b)).isEqualTo(LibraryContent.dump(home.library()));
    String bId = libraryId(b);
    assertThat(bId).as("b keeps an identity of its own").isNotNull().isNotEqualTo(aId);
    assertThat(libraryId(home.library())).isEqualTo(aId);

    String b2 =
        name(
            json(ok(home.run("--db", "b.db", "library", "backup", "--json"))).get("path").asText());
    JsonNode bs = json(ok(home.run("--db", "b.db", "library", "backups", "--json")));
    JsonNode as = json(ok(home.run("library", "backups", "--json")));

    assertThat(filenames(bs)).containsExactlyInAnyOrder(b2, safety);
    for (JsonNode e : bs.get("backups")) {
      assertThat(e.get("library_id").asText()).isEqualTo(bId);
    }
    assertThat(filenames(as)).containsExactly(a1);
    // Pruning b never reaches a's archive.
    ok(
        home.run(
            "--db",
            "b.db",
            "library",
            "backups",
            "prune",
            "--keep-last",
            "1",
            "--include-safety",
            "--yes"));
    assertThat(DiskState.names(home.backups())).containsExactlyInAnyOrder(a1, b2);
    assertThat(List.of(aId, bId)).doesNotHaveDuplicates();
  }

  private static String name(String path) {
    return Path.of(path).getFileName().toString();
  }
}
