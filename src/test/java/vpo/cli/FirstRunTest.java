package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.TestHome;

class FirstRunTest {
  @TempDir Path tmp;

  @Test
  void infoOnAMachineWithoutDataDirCreatesItPrivately() throws Exception {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("library", "info", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"schema_version\" : 27").contains("\"file_count\" : 0");
    assertThat(r.err()).contains("first run").hasLineCount(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dataDir())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.library())))
        .isEqualTo("rw-------");
    assertThat(home.dataDir().resolve("config.toml")).isRegularFile();
  }

  @Test
  void secondRunSaysNothingAboutSetup() {
    TestHome home = new TestHome(tmp);
    home.run("library", "info");

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
  }
}
