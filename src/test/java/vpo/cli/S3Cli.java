package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vpo.location.S3TestServer;
import vpo.testing.TestHome;

/**
 * What the S3 command tests share: a home whose AWS settings reach the test server (or a proxy in
 * front of it), as a user's environment would, and the check that no secret leaked anywhere.
 */
final class S3Cli {
  private S3Cli() {}

  /** Sets the AWS variables a user of the store at {@code endpoint} would have. */
  static TestHome connect(TestHome home, URI endpoint) {
    S3TestServer.env(endpoint).forEach(home::env);
    return home;
  }

  /** {@code s3://bucket/prefix} (no trailing slash), as a user types it. */
  static String url(String bucket, String prefix) {
    return "s3://" + bucket + "/" + prefix;
  }

  /**
   * None of {@code secrets} is in what the run printed or in the log file: a secret must never be
   * shown nor logged, whatever failed.
   */
  static void assertNoSecret(TestHome home, TestHome.Result r, String... secrets) {
    String log = log(home);
    for (String secret : secrets) {
      assertThat(r.out()).as("stdout of %s", r).doesNotContain(secret);
      assertThat(r.err()).as("stderr of %s", r).doesNotContain(secret);
      assertThat(log).as("the log file").doesNotContain(secret);
    }
  }

  /** The log file's text; empty when there is none. */
  static String log(TestHome home) {
    try {
      return Files.exists(home.logFile())
          ? Files.readString(home.logFile(), StandardCharsets.UTF_8)
          : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free port on 127.0.0.1 that nothing listens on. */
  static int closedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeConfig(TestHome home, String toml) {
    try {
      Path config = home.dataDir().resolve("config.toml");
      Files.createDirectories(config.getParent());
      Files.writeString(config, toml, StandardCharsets.UTF_8);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
