package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;

/** Another program writing the library: vpo waits briefly, then fails with exit 4. */
class LockedLibraryTest {
  @TempDir Path tmp;

  @Test
  void optimizeWhileAnotherProcessWritesExitsFourAndChangesNothing() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    LibraryFixture.addFiller(home.library(), 200, 1000);
    LibraryFixture.execute(home.library(), "DELETE FROM " + LibraryFixture.FILLER);
    String before = Sha256.of(home.library());
    home.env("VPO_BUSY_TIMEOUT_MS", "200");
    Path errFile = tmp.resolve("stderr.txt");

    String stdout;
    int exit;
    // This JVM plays the daemon: a write transaction held open for the whole run.
    try (Connection daemon = LibraryFixture.connect(home.library());
        Statement s = daemon.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO " + LibraryFixture.FILLER + "(body) VALUES (x'00')");
      Process p =
          home.processBuilder("library", "optimize", "--yes", "--json")
              .redirectError(errFile.toFile())
              .start();
      stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      exit = p.exitValue();
      s.execute("ROLLBACK");
    }

    assertThat(exit).as(stdout + Files.readString(errFile)).isEqualTo(4);
    JsonNode doc = new ObjectMapper().readTree(stdout);
    assertThat(doc.get("success").booleanValue()).isFalse();
    assertThat(doc.get("error_code").textValue()).isEqualTo("database_locked");
    assertThat(doc.get("error").textValue()).contains(home.library().toString());
    assertThat(Files.readString(errFile)).doesNotContain("Exception").doesNotContain("at vpo.");
    assertThat(Sha256.of(home.library())).isEqualTo(before);
  }
}
