package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.location.BackupLocationContract.data;
import static vpo.location.BackupLocationContract.readAll;
import static vpo.location.BackupLocationContract.sha256;
import static vpo.location.BackupLocationContract.writeHeadLast;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.FaultProxy.Direction;
import vpo.location.LocationUnavailableException.Reason;

/**
 * S3 faults, each against the real server: connections cut or stalled by a TCP proxy of the test's
 * own, refused connections, wrong credentials, a missing bucket, a denied permission. Every failure
 * is one {@link LocationUnavailableException} with its own message naming the location, never a
 * secret; an upload that fails leaves nothing under its name and no unfinished upload.
 */
class S3FaultTest {
  /** Short timeouts and three attempts, so failures come quickly. */
  static final S3Location.Tuning TUNING =
      new S3Location.Tuning(
          5 << 20,
          3,
          3,
          Duration.ofMillis(20),
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          4,
          5L << 30,
          1L << 30,
          Duration.ofHours(24));

  final S3TestServer server = S3TestServer.get();
  @TempDir Path home;
  String bucket;
  FaultProxy proxy;
  S3Location direct;

  @BeforeEach
  void start() throws IOException {
    bucket = server.newBucket();
    proxy = new FaultProxy(server.port);
    direct = open(server.endpoint, bucket);
  }

  @AfterEach
  void stop() throws IOException {
    direct.close();
    proxy.close();
  }

  S3Location open(URI endpoint, String bucket) {
    return S3Location.open(
        new LocationUri.S3Prefix(bucket, "vpo/"), S3TestServer.settings(endpoint, home), TUNING);
  }

  S3Location open(Map<String, String> env) {
    return S3Location.open(
        new LocationUri.S3Prefix(bucket, "vpo/"),
        S3Settings.resolve(env, home, S3Settings.Config.NONE),
        TUNING);
  }

  @Test
  void anUploadCutTwiceIsRetriedAndSucceeds() throws IOException {
    byte[] data = data(23 << 20, 1);
    proxy.cutAfter(Direction.UPLOAD, 1 << 20, 2);
    try (S3Location viaProxy = open(proxy.endpoint(), bucket);
        Upload u = viaProxy.create("cut.tar.gz", false)) {
      assertThat(writeHeadLast(u, data).sha256()).isEqualTo(sha256(data));
    }
    assertThat(proxy.faultsDone()).isEqualTo(2);
    assertThat(readAll(direct.read("cut.tar.gz"))).isEqualTo(data);
    assertThat(server.keys(bucket)).containsExactly("vpo/cut.tar.gz");
    assertThat(server.uploads(bucket)).isEmpty();
  }

  @Test
  void anUploadCutEveryTimeFailsAndLeavesNothing() throws IOException {
    byte[] data = data(23 << 20, 2);
    proxy.cutAfter(Direction.UPLOAD, 1 << 20, Integer.MAX_VALUE);
    try (S3Location viaProxy = open(proxy.endpoint(), bucket)) {
      try (Upload u = viaProxy.create("doomed.tar.gz", false)) {
        assertThatThrownBy(() -> writeHeadLast(u, data))
            .isInstanceOf(LocationUnavailableException.class)
            .satisfies(
                e -> {
                  LocationUnavailableException l = (LocationUnavailableException) e;
                  assertThat(l.reason()).isEqualTo(Reason.CANNOT_CONNECT);
                  assertThat(l.getMessage())
                      .contains("s3://" + bucket + "/vpo/")
                      .contains("127.0.0.1:" + proxy.endpoint().getPort());
                  assertThat(l.errorCode()).isEqualTo("location_unavailable");
                });
        // The abort is a small request: the proxy lets it through.
      }
    }
    assertThat(server.keys(bucket)).isEmpty();
    assertThat(server.uploads(bucket)).isEmpty();
  }

  @Test
  void aDownloadCutThreeTimesResumesWithIdenticalBytes() throws IOException {
    byte[] data = data(21 << 20, 3);
    try (Upload u = direct.create("big.tar.gz", false)) {
      writeHeadLast(u, data);
    }
    proxy.cutAfter(Direction.DOWNLOAD, 3 << 20, 3);
    try (S3Location viaProxy = open(proxy.endpoint(), bucket)) {
      assertThat(readAll(viaProxy.read("big.tar.gz"))).isEqualTo(data);
    }
    assertThat(proxy.faultsDone()).isEqualTo(3);
  }

  @Test
  void aStalledDownloadResumes() throws IOException {
    byte[] data = data(9 << 20, 4);
    try (Upload u = direct.create("slow.tar.gz", false)) {
      writeHeadLast(u, data);
    }
    proxy.stallAfter(Direction.DOWNLOAD, 2 << 20, 1);
    try (S3Location viaProxy = open(proxy.endpoint(), bucket)) {
      assertThat(readAll(viaProxy.read("slow.tar.gz"))).isEqualTo(data);
    }
    assertThat(proxy.faultsDone()).isEqualTo(1);
  }

  @Test
  void aDownloadCutOnEveryConnectionEndsAsUnavailable() throws IOException {
    byte[] data = data(6 << 20, 5);
    try (Upload u = direct.create("never.tar.gz", false)) {
      writeHeadLast(u, data);
    }
    proxy.cutAfter(Direction.DOWNLOAD, 1 << 20, Integer.MAX_VALUE);
    try (S3Location viaProxy = open(proxy.endpoint(), bucket)) {
      assertThatThrownBy(() -> readAll(viaProxy.read("never.tar.gz")))
          .isInstanceOf(LocationUnavailableException.class)
          .hasMessageContaining("never.tar.gz");
    }
  }

  @Test
  void aStoreThatNeverAnswersIsATimeout() throws IOException {
    proxy.stallAfter(Direction.DOWNLOAD, 0, Integer.MAX_VALUE);
    try (S3Location viaProxy = open(proxy.endpoint(), bucket)) {
      assertThatThrownBy(viaProxy::list)
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "the store of s3://"
                            + bucket
                            + "/vpo/ at 127.0.0.1:"
                            + proxy.endpoint().getPort()
                            + " did not answer in time while listing");
              });
    }
  }

  @Test
  void aRefusedConnectionSaysWhere() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (S3Location nowhere = open(URI.create("http://127.0.0.1:" + port), bucket)) {
      assertThatThrownBy(nowhere::list)
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.CANNOT_CONNECT);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "cannot connect to the store of s3://"
                            + bucket
                            + "/vpo/ at 127.0.0.1:"
                            + port
                            + ": connection refused");
                assertThat(e.hint()).contains("AWS_ENDPOINT_URL");
              });
    }
  }

  @Test
  void anUnknownHostSaysSo() {
    try (S3Location nowhere = open(URI.create("http://no-such-host.invalid:9000"), bucket)) {
      assertThatThrownBy(nowhere::list)
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.CANNOT_CONNECT);
                assertThat(e.getMessage()).contains("host no-such-host.invalid not found");
              });
    }
  }

  @Test
  void aWrongSecretKeyIsWrongCredentials() {
    try (S3Location wrong =
        open(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                S3TestServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                "not-the-secret-key",
                "AWS_ENDPOINT_URL",
                server.endpoint.toString()))) {
      assertThatThrownBy(wrong::list)
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.WRONG_CREDENTIALS);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "s3://"
                            + bucket
                            + "/vpo/ refused the credentials: the secret key from the environment"
                            + " does not match the access key"
                            + " (SignatureDoesNotMatch)");
                assertNoSecret(e, "not-the-secret-key");
              });
      // A HEAD's refusal has no body to say why; the location finds out.
      assertThatThrownBy(() -> wrong.exists("x.tar.gz"))
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.WRONG_CREDENTIALS);
                assertThat(e.getMessage()).contains("SignatureDoesNotMatch");
              });
      assertThatThrownBy(() -> wrong.createAutoNamed(n -> "x.tar.gz"))
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CREDENTIALS));
    }
  }

  @Test
  void anUnknownAccessKeyIsWrongCredentials() {
    try (S3Location wrong =
        open(
            Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAUNKNOWN",
                "AWS_SECRET_ACCESS_KEY", "some-secret-value",
                "AWS_ENDPOINT_URL", server.endpoint.toString()))) {
      assertThatThrownBy(() -> wrong.read("x.tar.gz"))
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.WRONG_CREDENTIALS);
                assertThat(e.getMessage()).contains("does not know the access key");
                assertThat(e.getMessage()).contains("InvalidAccessKeyId");
                assertNoSecret(e, "some-secret-value");
              });
    }
  }

  @Test
  void noCredentialsFailsBeforeAnyRequest() {
    assertThatThrownBy(() -> open(Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString())))
        .isInstanceOfSatisfying(
            LocationUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS);
              assertThat(e.getMessage()).startsWith("no credentials for s3://" + bucket + "/vpo/");
              assertThat(e.hint()).contains("AWS_ACCESS_KEY_ID");
            });
    assertThat(proxy.connections()).isZero();
  }

  @Test
  void aMissingBucketSaysSoForListingAndUploading() throws IOException {
    try (S3Location missing = open(server.endpoint, "vpo-no-such-bucket")) {
      assertThatThrownBy(missing::list)
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.NO_BUCKET);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "the bucket of s3://vpo-no-such-bucket/vpo/ does not exist at "
                            + server.endpoint.getHost()
                            + ":"
                            + server.port
                            + " (NoSuchBucket)");
              });
      // Before any work is done.
      assertThatThrownBy(() -> missing.create("x.tar.gz", false))
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.NO_BUCKET));
      assertThatThrownBy(() -> missing.createAutoNamed(n -> "x.tar.gz"))
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.NO_BUCKET));
    }
  }

  @Test
  void aDeniedPermissionSaysSo() throws IOException {
    // s3proxy has no permissions to deny; the proxy answers as a store whose policy refuses.
    proxy.answer(403, "Forbidden", "AccessDenied", Integer.MAX_VALUE);
    try (S3Location denied = open(proxy.endpoint(), bucket)) {
      assertThatThrownBy(denied::list)
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "access denied to s3://"
                            + bucket
                            + "/vpo/ while listing (HTTP 403 AccessDenied)");
                assertThat(e.hint()).contains("s3:PutObject");
              });
    }
  }

  @Test
  void aServerErrorThatPersistsIsAStoreError() throws IOException {
    proxy.answer(503, "Service Unavailable", "SlowDown", Integer.MAX_VALUE);
    try (S3Location busy = open(proxy.endpoint(), bucket)) {
      assertThatThrownBy(() -> busy.read("x.tar.gz"))
          .isInstanceOfSatisfying(
              LocationUnavailableException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.STORE_ERROR);
                assertThat(e.getMessage()).contains("HTTP 503 SlowDown");
              });
    }
    // Retried: one request per attempt.
    assertThat(proxy.faultsDone()).isEqualTo(TUNING.maxAttempts());
  }

  private static void assertNoSecret(LocationUnavailableException e, String secret) {
    assertThat(e.getMessage()).doesNotContain(secret).doesNotContain(S3TestServer.SECRET_KEY);
    assertThat(String.valueOf(e.hint())).doesNotContain(secret);
  }
}
