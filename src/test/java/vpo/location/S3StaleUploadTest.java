package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.location.BackupLocationContract.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import vpo.testing.TestHome;

/**
 * What a killed upload leaves behind, and how the next command cleans it up: a real child JVM
 * uploading to the real server is killed with SIGKILL mid-upload; an upload of a running process
 * beside it is left alone.
 */
class S3StaleUploadTest {
  final S3TestServer server = S3TestServer.get();
  @TempDir Path home;
  String bucket;

  @BeforeEach
  void bucket() {
    bucket = server.newBucket();
  }

  S3Location open(Duration staleAge) {
    S3Location.Tuning t = S3LocationTest.TUNING;
    return S3Location.open(
        new LocationUri.S3Prefix(bucket, "vpo/"),
        S3TestServer.settings(server.endpoint, home),
        new S3Location.Tuning(
            t.partSize(),
            t.parallelUploads(),
            t.maxAttempts(),
            t.baseDelay(),
            t.maxDelay(),
            t.connectTimeout(),
            t.socketTimeout(),
            t.readResumes(),
            t.singleCopyLimit(),
            t.copyPartSize(),
            staleAge));
  }

  @Test
  void anUploadKilledWithSigkillIsAbortedByTheNextCleanupAndALiveOneIsNot() throws Exception {
    Process child = startSlowUpload();
    try (S3Location location = open(Duration.ofHours(24));
        Upload live = location.createAutoNamed(n -> "live-" + n + ".tar.gz")) {
      awaitLine(child, "UPLOADING");
      OutputStream body = live.body(700);
      body.write(data(12 << 20, 1));
      awaitUploads(2);
      // Killed once its part has landed: a part the store is still receiving when the upload is
      // aborted may land afterwards (S3 says to abort again then), which is not what this tests.
      awaitPartOf(child.pid());

      child.destroyForcibly(); // SIGKILL: no shutdown hook, no abort.
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.uploads(bucket)).hasSize(2);

      List<String> cleaned = location.cleanStale();

      assertThat(cleaned).hasSize(1);
      assertThat(cleaned.get(0))
          .startsWith(
              "aborted the unfinished upload s3://" + bucket + "/vpo/.vpo-tmp-" + child.pid())
          .endsWith("left by process " + child.pid() + ", which no longer runs");
      List<MultipartUpload> left = server.uploads(bucket);
      assertThat(left).hasSize(1);
      assertThat(left.get(0).key())
          .startsWith("vpo/.vpo-tmp-" + ProcessHandle.current().pid() + "-");
      assertThat(location.cleanStale()).isEmpty();
    }
    // Closing the live upload without a commit aborted it.
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.keys(bucket)).isEmpty();
  }

  @Test
  void anUploadInterruptedLikeCtrlCIsAbortedOnTheWayOut() throws Exception {
    Process child = startSlowUpload();
    awaitLine(child, "UPLOADING");
    awaitUploads(1);
    child.destroy(); // SIGTERM, as Ctrl-C: shutdown hooks run.
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.keys(bucket)).isEmpty();
  }

  @Test
  void anotherHostsUploadsAreLeftUntilTheyAreOld() throws IOException {
    String young = "vpo/.vpo-tmp-123-abc-upload@another-host";
    server.inspector().createMultipartUpload(b -> b.bucket(bucket).key(young));
    String object = "vpo/.vpo-tmp-456-def-upload@another-host";
    server
        .inspector()
        .putObject(b -> b.bucket(bucket).key(object), RequestBody.fromBytes(new byte[] {1}));
    // A completed temporary object of a dead process on this host goes at once.
    String dead = "vpo/" + S3Location.TempKeys.name(99_999_999L, 7);
    server
        .inspector()
        .putObject(b -> b.bucket(bucket).key(dead), RequestBody.fromBytes(new byte[] {1}));

    try (S3Location location = open(Duration.ofHours(24))) {
      assertThat(location.cleanStale())
          .containsExactly(
              "deleted the temporary object s3://"
                  + bucket
                  + "/"
                  + dead
                  + ", left by process 99999999, which no longer runs");
    }
    assertThat(server.uploads(bucket)).hasSize(1);
    // (The filesystem store keeps a marker of an unfinished upload at the bucket's top.)
    assertThat(server.keys(bucket)).filteredOn(k -> k.startsWith("vpo/")).containsExactly(object);

    try (S3Location location = open(Duration.ZERO)) {
      List<String> cleaned = location.cleanStale();
      assertThat(cleaned).hasSize(2);
      assertThat(cleaned)
          .anySatisfy(
              s ->
                  assertThat(s)
                      .startsWith("aborted the unfinished upload")
                      .contains("another-host"))
          .anySatisfy(
              s ->
                  assertThat(s)
                      .startsWith("deleted the temporary object")
                      .contains("another-host"));
    }
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.keys(bucket)).isEmpty();
  }

  @Test
  void cleanupOfAnUnreachableStoreSaysNothingAndDoesNotFail() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (S3Location nowhere =
        S3Location.open(
            new LocationUri.S3Prefix(bucket, "vpo/"),
            S3TestServer.settings(java.net.URI.create("http://127.0.0.1:" + port), home),
            S3FaultTest.TUNING)) {
      assertThat(nowhere.cleanStale()).isEmpty();
    }
  }

  @Test
  void cleanupAsksAFailingStoreOnceAndGivesUp() throws IOException {
    try (FaultProxy proxy = new FaultProxy(server.port)) {
      proxy.answer(503, "Service Unavailable", "SlowDown", Integer.MAX_VALUE);
      try (S3Location failing =
          S3Location.open(
              new LocationUri.S3Prefix(bucket, "vpo/"),
              S3TestServer.settings(proxy.endpoint(), home),
              S3FaultTest.TUNING)) {
        assertThat(failing.cleanStale()).isEmpty();
        // One request, once: the listing of uploads failed, so nothing else was asked.
        assertThat(proxy.connections()).isEqualTo(1);
        // The location's own requests are still retried.
        assertThatThrownBy(failing::list).isInstanceOf(LocationUnavailableException.class);
        assertThat(proxy.connections()).isEqualTo(1 + S3FaultTest.TUNING.maxAttempts());
      }
    }
  }

  private Process startSlowUpload() throws IOException {
    String testClasses;
    try {
      testClasses =
          Path.of(SlowUploadMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-cp",
            testClasses + java.io.File.pathSeparator + TestHome.classpath(),
            SlowUploadMain.class.getName(),
            server.endpoint.toString(),
            bucket,
            home.toString(),
            S3TestServer.ACCESS_KEY,
            S3TestServer.SECRET_KEY)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void awaitLine(Process child, String expected) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals(expected)) {
        return;
      }
    }
    throw new AssertionError("the child ended without saying " + expected);
  }

  private void awaitPartOf(long pid) throws InterruptedException {
    MultipartUpload upload =
        server.uploads(bucket).stream()
            .filter(u -> u.key().startsWith("vpo/.vpo-tmp-" + pid + "-"))
            .findFirst()
            .orElseThrow();
    for (int i = 0; i < 600; i++) {
      try {
        if (!server
            .inspector()
            .listParts(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()))
            .parts()
            .isEmpty()) {
          return;
        }
      } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
        // The filesystem store refuses the listing while a part is being written.
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no part of " + upload.key() + " landed within 30 s");
  }

  private void awaitUploads(int count) throws InterruptedException {
    for (int i = 0; i < 600 && server.uploads(bucket).size() < count; i++) {
      Thread.sleep(50);
    }
    assertThat(server.uploads(bucket)).hasSize(count);
  }
}
