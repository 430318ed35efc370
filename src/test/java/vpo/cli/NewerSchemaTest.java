package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;

/** A library written by a newer VPO (schema 28) can be looked at but is never written. */
class NewerSchemaTest {
  @TempDir Path tmp;
  private TestHome home;
  private String before;

  @BeforeEach
  void newerLibrary() {
    home = new TestHome(tmp);
    home.run("init");
    LibraryFixture.addFiles(home.library(), 12, 1000);
    LibraryFixture.setSchemaVersion(home.library(), "28");
    before = Sha256.of(home.library());
  }

  @Test
  void infoShowsItReadOnlyAndLeavesTheFileAsItWas() {
    TestHome.Result text = home.run("library", "info");
    TestHome.Result json = home.run("library", "info", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).containsPattern("Schema:\\s+28 \\(newer than this vpo: read-only\\)");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = json(json);
    assertThat(doc.get("schema_version").intValue()).isEqualTo(28);
    assertThat(doc.get("schema_supported").booleanValue()).isFalse();
    assertThat(doc.get("file_count").longValue()).isEqualTo(12);
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  @Test
  void optimizeRefusesWithExitSixAndLeavesTheFileAsItWas() {
    TestHome.Result r = home.run("library", "optimize", "--yes");

    assertTextError(r, 6);
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  @Test
  void verifyChecksItWithoutWriting() {
    TestHome.Result r = home.run("library", "verify");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }

  @Test
  void initReportsTheNewerLibraryAndLeavesIt() {
    TestHome.Result r = home.run("init");

    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.out()).contains("schema 28");
    assertThat(vpo.testing.CliAssertions.errorLines(r))
        .singleElement()
        .asString()
        .contains("newer");
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }
}
