package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.S3TestServer;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * S3 work at the most detailed log level: vpo's own records are there, the AWS SDK's are not (its
 * loggers stay at WARN), and no secret is in the log, whether the work succeeds or fails.
 */
class S3LoggingTest {
  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;

  @Test
  void debugLevelLogsVpoButNotTheSdkAndNoSecret() throws Exception {
    String bucket = server.newBucket();
    TestHome home =
        S3Cli.connect(TestHome.withLibrary(tmp, Start.INITIALISED, 5, 1), server.endpoint);
    String url = "s3://" + bucket + "/vpo/";
    List<TestHome.Result> runs = new ArrayList<>();

    runs.add(home.run("--log-level", "debug", "--log-json", "library", "backup", "-o", url));
    runs.add(home.run("--log-level", "debug", "--log-json", "library", "backups", "--path", url));
    String wrong = "wrong-secret-for-the-log-91";
    home.env("AWS_SECRET_ACCESS_KEY", wrong);
    runs.add(home.run("--log-level", "debug", "--log-json", "library", "backups", "--path", url));

    assertThat(runs).extracting(TestHome.Result::exitCode).containsExactly(0, 0, 7);
    ObjectMapper mapper = new ObjectMapper();
    List<String> loggers = new ArrayList<>();
    // (The lines before are init's, in text.)
    for (String line : S3Cli.log(home).lines().filter(l -> l.startsWith("{")).toList()) {
      JsonNode record = mapper.readTree(line);
      loggers.add(record.get("loggerName").asText());
    }
    assertThat(loggers).contains("vpo", "vpo.backup.BackupService");
    assertThat(loggers).noneMatch(l -> l.startsWith("software.amazon"));
    for (TestHome.Result r : runs) {
      S3Cli.assertNoSecret(home, r, S3TestServer.SECRET_KEY, wrong);
    }
  }
}
