package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertJsonError;
import static vpo.testing.CliAssertions.assertNoStackTrace;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;

/** {@code vpo library optimize}: compacts only when confirmed, and a dry run changes nothing. */
class LibraryOptimizeCommandTest {
  @TempDir Path tmp;

  /** A library with 100 files and about a megabyte of free pages left by deleted rows. */
  private TestHome homeWithFreePages() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    LibraryFixture.addFiles(home.library(), 100, 2048);
    LibraryFixture.addFiller(home.library(), 1000, 1000);
    LibraryFixture.execute(home.library(), "DELETE FROM " + LibraryFixture.FILLER);
    assertThat(LibraryFixture.queryLong(home.library(), "PRAGMA freelist_count"))
        .isGreaterThan(100);
    return home;
  }

  @Test
  void dryRunReportsWhatWouldBeFreedAndChangesNothing() {
    TestHome home = homeWithFreePages();
    String before = Sha256.of(home.library());

    TestHome.Result text = home.run("library", "optimize", "--dry-run");
    TestHome.Result json = home.run("library", "optimize", "--dry-run", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("Would free:").containsPattern("\\d+ free pages");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = json(json);
    assertThat(doc.get("dry_run").booleanValue()).isTrue();
    assertThat(doc.get("reclaimed_bytes").longValue()).isPositive();
    assertThat(doc.get("free_pages_before").longValue()).isGreaterThan(100);
    assertThat(Sha256.of(home.library())).isEqualTo(before);
    assertThat(LibraryFixture.queryLong(home.library(), "PRAGMA freelist_count"))
        .isGreaterThan(100);
  }

  @Test
  void withoutYesAndWithoutATerminalItRefusesAndChangesNothing() {
    TestHome home = homeWithFreePages();
    String before = Sha256.of(home.library());

    TestHome.Result text = home.run("library", "optimize");
    TestHome.Result json = home.run("library", "optimize", "--json");

    assertTextError(text, 1, "--yes");
    assertJsonError(json, 1, "declined");
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  @Test
  void underJsonItRefusesEvenWithATerminal() {
    TestHome home = homeWithFreePages();
    String before = Sha256.of(home.library());
    home.terminal(true).stdin("y\n");

    TestHome.Result r = home.run("library", "optimize", "--json");

    assertJsonError(r, 1, "declined");
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  @Test
  void aPersonWhoAnswersNoKeepsTheLibraryAsItWas() {
    TestHome home = homeWithFreePages();
    String before = Sha256.of(home.library());
    home.terminal(true).stdin("n\n");

    TestHome.Result r = home.run("library", "optimize");

    // A terminal echoes the answer and its newline; captured stderr has the prompt and the
    // error on one line.
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("Continue? [y/N] Not optimizing the library; nothing was changed.")
        .doesNotContain("Error:");
    assertThat(r.out()).isEmpty();
    assertNoStackTrace(r);
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  @Test
  void aPersonWhoAnswersYesGetsTheSpaceBack() throws Exception {
    TestHome home = homeWithFreePages();
    long before = Files.size(home.library());
    home.terminal(true).stdin("y\n");

    TestHome.Result r = home.run("library", "optimize");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Reclaimed:").contains("Size after:");
    assertThat(Files.size(home.library())).isLessThan(before);
  }

  @Test
  void withYesItReclaimsTheSpaceOfDeletedRowsAndKeepsTheData() throws Exception {
    TestHome home = homeWithFreePages();
    long sizeBefore = Files.size(home.library());

    TestHome.Result r = home.run("library", "optimize", "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("success").booleanValue()).isTrue();
    assertThat(doc.get("dry_run").booleanValue()).isFalse();
    assertThat(doc.get("size_before_bytes").longValue()).isEqualTo(sizeBefore);
    assertThat(doc.get("reclaimed_bytes").longValue()).isGreaterThan(500_000);
    assertThat(doc.get("size_after_bytes").longValue())
        .isEqualTo(sizeBefore - doc.get("reclaimed_bytes").longValue());
    assertThat(Files.size(home.library())).isEqualTo(doc.get("size_after_bytes").longValue());
    assertThat(LibraryFixture.queryLong(home.library(), "PRAGMA freelist_count")).isZero();
    assertThat(LibraryFixture.queryLong(home.library(), "SELECT COUNT(*) FROM files"))
        .isEqualTo(100);

    TestHome.Result verify = home.run("library", "verify");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }
}
