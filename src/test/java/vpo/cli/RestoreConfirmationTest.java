package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * When restore asks, and what it does when nobody can answer (PRODUCT.md restore 4): an existing
 * library is replaced only after "y" on a terminal or {@code --yes}; without a terminal, or under
 * {@code --json}, it refuses rather than guess. Where no library exists there is nothing to lose
 * and nothing to ask.
 */
class RestoreConfirmationTest {
  @TempDir Path tmp;
  private TestHome home;
  private Path archive;
  private LibraryContent archived;

  @BeforeEach
  void libraryAndArchive() {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 3, 1);
    Path other = LibraryFixture.createV27(tmp.resolve("other.db"));
    LibraryFixture.populate(other, 2, 2);
    LibraryFixture.selfContained(other);
    archived = LibraryContent.read(other);
    archive = ArchiveBuilder.of(other).writeTo(tmp.resolve("in").resolve("a.tar.gz"));
  }

  @Test
  void noTerminalAndNoYesRefuses() {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.terminal(false).run("library", "restore", archive.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines()).singleElement().asString().startsWith("Error: ").contains("--yes");
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void answeringNoOnATerminalChangesNothing() {
    SortedMap<String, String> before = disk();

    TestHome.Result r =
        home.terminal(true).stdin("n\n").run("library", "restore", archive.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    // Saying no is not an error: it says what did not happen.
    assertThat(r.err())
        .contains("Continue? [y/N]")
        .contains("nothing was changed")
        .doesNotContain("Error: ");
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void endOfInputOnATerminalIsNo() {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.terminal(true).stdin("").run("library", "restore", archive.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void answeringYesOnATerminalRestores() {
    TestHome.Result r =
        home.terminal(true).stdin("y\n").run("library", "restore", archive.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Continue? [y/N]");
    assertThat(LibraryContent.read(home.library())).isEqualTo(archived);
    assertThat(DiskState.names(home.backups()))
        .singleElement()
        .asString()
        .endsWith("-pre-restore.db");
  }

  @Test
  void jsonWithoutYesRefusesWithAJsonError() throws Exception {
    SortedMap<String, String> before = disk();

    TestHome.Result r =
        home.terminal(true).stdin("y\n").run("library", "restore", archive.toString(), "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("success").asBoolean()).isFalse();
    assertThat(doc.get("error").asText()).contains("--yes");
    assertThat(doc.get("error_code").asText()).isNotEmpty();
    assertThat(r.err()).doesNotContain("Continue?");
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void noLibraryYetNeedsNoConfirmationAndGetsItsDirectories() {
    Path target = tmp.resolve("new").resolve("dir").resolve("lib.db");

    TestHome.Result r =
        home.terminal(false)
            .run("--db", target.toString(), "library", "restore", archive.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(LibraryContent.read(target)).isEqualTo(archived);
    assertThat(DiskState.names(target.getParent())).containsExactly("lib.db");
  }

  @Test
  void aFailedRestoreWhereNoLibraryExistedLeavesNoDirectoriesBehind() {
    Path target = tmp.resolve("new").resolve("dir").resolve("lib.db");
    Path bad = ArchiveBuilder.write(tmp.resolve("bad.tar.gz"), "not an archive".getBytes());

    TestHome.Result r = home.run("--db", target.toString(), "library", "restore", bad.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(tmp.resolve("new")).doesNotExist();
  }

  private SortedMap<String, String> disk() {
    return DiskState.of(tmp, home.dataDir().resolve("logs"));
  }
}
