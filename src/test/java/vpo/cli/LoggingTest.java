package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertNoStackTrace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.TestHome;

/** Every command is logged to the log file, never to stdout (PRODUCT.md section 6). */
class LoggingTest {
  @TempDir Path tmp;

  private TestHome initialised() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    return home;
  }

  private static String log(Path file) throws Exception {
    return Files.readString(file);
  }

  @Test
  void aRunWritesStartAndEndRecordsToTheDefaultLog() throws Exception {
    TestHome home = initialised();

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String log = log(home.logFile());
    assertThat(log).contains("command started").contains("library info");
    assertThat(log).contains("command finished").contains("exit_code=\"0\"");
    assertThat(log.indexOf("command finished", log.lastIndexOf("command started")))
        .as("the end record follows the start record of the same run")
        .isPositive();
    assertThat(r.out()).doesNotContain("command started").doesNotContain("INFO");
    assertThat(r.err()).doesNotContain("command started");
  }

  @Test
  void aFailedRunIsLoggedWithItsOutcome() throws Exception {
    TestHome home = initialised();

    TestHome.Result r = home.run("library", "info", "--db", tmp.resolve("absent.db").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    String log = log(home.logFile());
    assertThat(log).contains("command started").contains("command failed");
    assertThat(log).contains("exit_code=\"1\"").contains("error_code=\"library_not_found\"");
  }

  @Test
  void logJsonWritesOneJsonRecordPerLine() throws Exception {
    TestHome home = initialised();
    Files.delete(home.logFile());

    TestHome.Result r = home.run("library", "verify", "--log-json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = Files.readAllLines(home.logFile());
    assertThat(lines).isNotEmpty();
    ObjectMapper mapper = new ObjectMapper();
    List<String> messages = new ArrayList<>();
    for (String line : lines) {
      JsonNode record = mapper.readTree(line);
      assertThat(record.isObject()).as(line).isTrue();
      assertThat(record.get("level").textValue()).as(line).isNotBlank();
      messages.add(record.get("formattedMessage").textValue());
    }
    assertThat(messages).contains("command started", "verified library", "command finished");
  }

  @Test
  void logFileFlagRedirectsTheLog() throws Exception {
    TestHome home = new TestHome(tmp);
    Path elsewhere = tmp.resolve("logs").resolve("run.log");

    TestHome.Result r = home.run("--log-file", elsewhere.toString(), "library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(log(elsewhere)).contains("command started").contains("command finished");
    assertThat(home.logFile()).doesNotExist();
  }

  @Test
  void debugLevelPutsTheStackTraceInTheLogAndNeverOnTheScreen() throws Exception {
    TestHome home = initialised();
    String missing = tmp.resolve("absent.db").toString();

    TestHome.Result debug = home.run("--log-level", "debug", "library", "info", "--db", missing);

    assertThat(debug.exitCode()).isEqualTo(1);
    assertNoStackTrace(debug);
    assertThat(log(home.logFile()))
        .contains("LibraryNotFoundException")
        .containsPattern("\\n\\s+at vpo\\.");
  }

  @Test
  void infoLevelKeepsStackTracesOutOfTheLog() throws Exception {
    TestHome home = initialised();
    String missing = tmp.resolve("absent.db").toString();

    TestHome.Result r = home.run("library", "info", "--db", missing);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(log(home.logFile())).contains("command failed").doesNotContain("at vpo.");
  }

  @Test
  void warningLevelLeavesOutInfoRecords() throws Exception {
    TestHome home = initialised();
    Files.deleteIfExists(home.logFile());

    TestHome.Result r = home.run("--log-level", "warning", "library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(home.logFile()).exists();
    assertThat(log(home.logFile())).doesNotContain("command started");
  }

  @Test
  void aLogThatCannotBeWrittenIsAWarningAndTheCommandStillRuns() throws Exception {
    TestHome home = initialised();
    Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
    Path log = notADirectory.resolve("vpo.log");

    TestHome.Result r = home.run("--log-file", log.toString(), "library", "info", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(vpo.testing.CliAssertions.json(r).get("path").textValue())
        .isEqualTo(home.library().toString());
    assertThat(r.err()).startsWith("Warning: ").contains(log.toString()).hasLineCount(1);
    assertNoStackTrace(r);
  }

  @Test
  void inARealProcessNothingButTheDocumentReachesStdout() throws Exception {
    TestHome home = initialised();

    Path errFile = tmp.resolve("stderr.txt");
    Process p =
        home.processBuilder("--log-level", "debug", "library", "info", "--json")
            .redirectError(errFile.toFile())
            .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(errFile);
    assertThat(p.exitValue()).as(stdout + stderr).isZero();
    JsonNode doc =
        new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readTree(stdout);
    assertThat(doc.get("path").textValue()).isEqualTo(home.library().toString());
    assertThat(stderr).as("no logging or Logback status on stderr").isEmpty();
    assertThat(log(home.logFile())).contains("command started");
  }
}
