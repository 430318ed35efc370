package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertJsonError;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.errorLines;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.S3TestServer;
import vpo.testing.DiskState;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Each way an S3 location can fail a user, through the real command line: exit 7 with one {@code
 * Error:} line that names the {@code s3://} location and the fix, {@code location_unavailable}
 * under {@code --json}, nothing written anywhere, and no secret in stdout, stderr or the log. A
 * location with credentials in it is refused as a bad command line (exit 2).
 */
class S3FailuresTest {
  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;
  TestHome home;
  String bucket;

  @BeforeEach
  void homeAndBucket() {
    bucket = server.newBucket();
    home = S3Cli.connect(TestHome.withLibrary(tmp, Start.INITIALISED, 10, 5), server.endpoint);
  }

  /**
   * Listing (text) and backing up (JSON) to {@code location} both fail with exit 7, an error that
   * says each of {@code mentions}, and leave nothing behind; no secret shows anywhere.
   */
  private void assertUnavailable(String location, List<String> secrets, String... mentions) {
    TestHome.Result list = home.run("library", "backups", "--path", location);

    assertTextError(list, 7, mentions);
    assertThat(errorLines(list).get(0))
        .contains(location.endsWith("/") ? location : location + "/");
    assertThat(errorLines(list).get(0)).as("cause; fix").contains("; ");

    TestHome.Result backup = home.run("library", "backup", "-o", location + "/", "--json");

    JsonNode doc = assertJsonError(backup, 7, "location_unavailable");
    for (String m : mentions) {
      assertThat(doc.get("error").asText()).contains(m);
    }
    assertThat(DiskState.archives(home.home())).isEmpty();
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(server.keys(bucket)).isEmpty();
    assertThat(server.uploads(bucket)).isEmpty();
    String[] all = secrets.toArray(String[]::new);
    S3Cli.assertNoSecret(home, list, all);
    S3Cli.assertNoSecret(home, backup, all);
  }

  @Test
  void aWrongSecretKey() {
    String wrong = "wrong-secret-c0ffee-7788";
    home.env("AWS_SECRET_ACCESS_KEY", wrong);

    assertUnavailable(
        "s3://" + bucket + "/vpo",
        List.of(wrong, S3TestServer.SECRET_KEY),
        "refused the credentials",
        "SignatureDoesNotMatch",
        "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void anAccessKeyTheStoreDoesNotKnow() {
    home.env("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000");

    assertUnavailable(
        "s3://" + bucket + "/vpo",
        List.of(S3TestServer.SECRET_KEY),
        "does not know the access key",
        "InvalidAccessKeyId",
        "check AWS_ACCESS_KEY_ID");
  }

  @Test
  void aBucketThatDoesNotExist() {
    assertUnavailable(
        "s3://" + bucket + "-gone/vpo",
        List.of(S3TestServer.SECRET_KEY),
        "does not exist",
        "NoSuchBucket",
        "create the bucket");
  }

  @Test
  void aStoreThatRefusesConnections() {
    int port = S3Cli.closedPort();
    S3Cli.connect(home, URI.create("http://127.0.0.1:" + port));

    assertUnavailable(
        "s3://" + bucket + "/vpo",
        List.of(S3TestServer.SECRET_KEY),
        "cannot connect",
        "127.0.0.1:" + port,
        "check that the store is running");
  }

  @Test
  void noCredentialsAnywhere() {
    home.env("AWS_ACCESS_KEY_ID", null).env("AWS_SECRET_ACCESS_KEY", null);

    assertUnavailable(
        "s3://" + bucket + "/vpo",
        List.of(S3TestServer.SECRET_KEY),
        "no credentials for",
        "AWS_ACCESS_KEY_ID is not set",
        "~/.aws/credentials");
  }

  @Test
  void aLocationWithCredentialsInItIsRefusedAndItsSecretNeverShown() {
    String secret = "SeCrEt-in-url-1234567";
    String location = "s3://AKIAEXAMPLE:" + secret + "@" + bucket + "/vpo/";

    for (List<String> args :
        List.of(
            List.of("library", "backups", "--path", location),
            List.of("library", "backup", "-o", location),
            List.of("library", "backup", "--copy-to", location),
            List.of("library", "restore", location + "x.tar.gz", "--yes"),
            List.of("library", "backups", "copy", "--to", location))) {
      TestHome.Result text = home.run(args.toArray(String[]::new));
      assertThat(text.exitCode()).as(text.toString()).isEqualTo(2);
      assertThat(errorLines(text))
          .as(text.toString())
          .singleElement()
          .asString()
          .contains("credentials");
      S3Cli.assertNoSecret(home, text, secret);

      List<String> withJson = new java.util.ArrayList<>(args);
      withJson.add("--json");
      TestHome.Result json = home.run(withJson.toArray(String[]::new));
      assertJsonError(json, 2, "usage_error");
      S3Cli.assertNoSecret(home, json, secret);
    }
    assertThat(DiskState.archives(home.home())).isEmpty();
    assertThat(server.keys(bucket)).isEmpty();
  }
}
