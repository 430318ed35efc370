package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The contract, against a prefix in a bucket of a real S3 server; and what only S3 has. */
class S3LocationTest extends BackupLocationContract {
  /** 5 MiB parts (S3's smallest), so the contract's large archives take several. */
  static final S3Location.Tuning TUNING =
      new S3Location.Tuning(
          5 << 20,
          3,
          3,
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          5,
          5L << 30,
          1L << 30,
          Duration.ofHours(24));

  final S3TestServer server = S3TestServer.get();
  @TempDir Path home;
  String bucket;
  final String prefix = "vpo/";

  @Override
  BackupLocation newLocation() {
    bucket = server.newBucket();
    return S3Location.open(
        new LocationUri.S3Prefix(bucket, prefix),
        S3TestServer.settings(server.endpoint, home),
        TUNING);
  }

  @Override
  List<String> everything() {
    List<String> all = new ArrayList<>();
    for (String key : server.keys(bucket)) {
      if (key.endsWith("/")) {
        continue; // The filesystem store's directory markers.
      }
      all.add(key.startsWith(prefix) ? key.substring(prefix.length()) : "../" + key);
    }
    for (MultipartUpload u : server.uploads(bucket)) {
      all.add("upload:" + u.key());
    }
    return all;
  }

  @Override
  void putRaw(String relative, byte[] bytes) {
    server
        .inspector()
        .putObject(
            PutObjectRequest.builder().bucket(bucket).key(prefix + relative).build(),
            RequestBody.fromBytes(bytes));
  }

  @Override
  boolean recordsSha256() {
    return true;
  }

  @Test
  void theSha256IsInTheObjectsMetadata() throws IOException {
    byte[] data = data(LARGE, 30);
    try (Upload u = location.create("m.tar.gz", false)) {
      writeHeadLast(u, data);
    }
    var head =
        server
            .inspector()
            .headObject(
                HeadObjectRequest.builder().bucket(bucket).key(prefix + "m.tar.gz").build());
    assertThat(head.metadata()).containsEntry("vpo-sha256", sha256(data));
    assertThat(head.contentType()).isEqualTo("application/gzip");
    assertThat(head.contentLength()).isEqualTo(data.length);
  }

  @Test
  void theBucketTopIsALocationToo() throws IOException {
    try (BackupLocation top =
        S3Location.open(
            new LocationUri.S3Prefix(bucket, ""),
            S3TestServer.settings(server.endpoint, home),
            TUNING)) {
      try (Upload u = top.create("top.tar.gz", false)) {
        write(u.restart(), data(10, 31));
        u.commit();
      }
      assertThat(top.list()).extracting(StoredObject::name).containsExactly("top.tar.gz");
      assertThat(top.display("top.tar.gz")).isEqualTo("s3://" + bucket + "/top.tar.gz");
    }
    assertThat(location.list()).isEmpty();
  }

  @Test
  void aCopyTooLargeForOneRequestGoesInParts() throws IOException {
    S3Location.Tuning smallCopies =
        new S3Location.Tuning(
            5 << 20,
            3,
            3,
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            5,
            6 << 20,
            5 << 20,
            Duration.ofHours(24));
    byte[] data = data(17 << 20, 32);
    try (BackupLocation l =
            S3Location.open(
                new LocationUri.S3Prefix(bucket, prefix),
                S3TestServer.settings(server.endpoint, home),
                smallCopies);
        Upload u = l.create("big.tar.gz", false)) {
      assertThat(writeHeadLast(u, data).sha256()).isEqualTo(sha256(data));
    }
    assertThat(readAll(location.read("big.tar.gz"))).isEqualTo(data);
    assertThat(location.knownSha256("big.tar.gz")).isEqualTo(sha256(data));
    assertThat(everything()).containsExactly("big.tar.gz");
  }

  @Test
  void credentialsCanComeFromAProfilesCredentialProcess() throws IOException {
    java.nio.file.Files.createDirectories(home.resolve(".aws"));
    java.nio.file.Files.writeString(
        home.resolve(".aws/config"),
        "[profile store]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"%s\","
            + " \"SecretAccessKey\": \"%s\"}' "
            + S3TestServer.ACCESS_KEY
            + " "
            + S3TestServer.SECRET_KEY
            + "\n");
    S3Settings settings =
        S3Settings.resolve(
            java.util.Map.of(
                "AWS_PROFILE", "store", "AWS_ENDPOINT_URL", server.endpoint.toString()),
            home,
            S3Settings.Config.NONE);
    try (BackupLocation viaProcess =
        S3Location.open(new LocationUri.S3Prefix(bucket, prefix), settings, TUNING)) {
      try (Upload u = viaProcess.create("p.tar.gz", false)) {
        write(u.restart(), data(10, 33));
        u.commit();
      }
      assertThat(viaProcess.list()).extracting(StoredObject::name).containsExactly("p.tar.gz");
    }
  }

  @Test
  void displayIsTheUrl() {
    assertThat(location.display()).isEqualTo("s3://" + bucket + "/vpo/");
    assertThat(location.display("x.tar.gz")).isEqualTo("s3://" + bucket + "/vpo/x.tar.gz");
    assertThat(location.localDirectory()).isEmpty();
  }
}
