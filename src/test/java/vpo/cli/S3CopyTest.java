package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertNoStackTrace;
import static vpo.testing.CliAssertions.errorLines;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.S3TestServer;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.DiskState;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Off-site copies through the real command line: {@code backup --copy-to s3://...} and {@code
 * [backup] copy_to} make a byte-identical copy after the local backup; a copy that fails leaves the
 * local backup intact, exits 7 and names the copy; {@code backups copy --to} copies only what is
 * missing.
 */
class S3CopyTest {
  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;
  TestHome home;
  String bucket;

  @BeforeEach
  void homeAndBucket() {
    bucket = server.newBucket();
    home = S3Cli.connect(TestHome.withLibrary(tmp, Start.INITIALISED, 25, 3), server.endpoint);
  }

  private static String name(String pathOrUrl) {
    return pathOrUrl.substring(pathOrUrl.lastIndexOf('/') + 1);
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  /** The copy at {@code prefix} holds exactly the bytes of {@code local}, and says its SHA-256. */
  private void assertIdenticalCopy(Path local, String prefix) throws Exception {
    byte[] copy = server.bytes(bucket, prefix + local.getFileName());
    assertThat(copy).isEqualTo(Files.readAllBytes(local));
    assertThat(server.metadata(bucket, prefix + local.getFileName()))
        .containsEntry("vpo-sha256", Sha256.of(local));
  }

  @Test
  void copyToFlagAndConfigBothCopyEachNewBackupByteForByte() throws Exception {
    JsonNode flagged = home.backup("--copy-to", "s3://" + bucket + "/flag");

    Path local = Path.of(flagged.get("path").asText());
    assertThat(local.getParent()).isEqualTo(home.backups());
    List<JsonNode> copies = list(flagged.get("copies"));
    assertThat(copies).hasSize(1);
    assertThat(copies.get(0).get("path").asText())
        .isEqualTo("s3://" + bucket + "/flag/" + local.getFileName());
    assertThat(copies.get(0).get("ok").asBoolean()).isTrue();
    assertThat(copies.get(0).get("sha256").asText())
        .isEqualTo(Sha256.of(local))
        .isEqualTo(flagged.get("sha256").asText());
    assertIdenticalCopy(local, "flag/");

    S3Cli.writeConfig(
        home, "[backup]\ncopy_to = [\"s3://" + bucket + "/cfg\", \"s3://" + bucket + "/cfg2/\"]\n");
    JsonNode configured = home.backup();

    Path second = Path.of(configured.get("path").asText());
    assertThat(list(configured.get("copies")))
        .extracting(c -> c.get("path").asText())
        .containsExactly(
            "s3://" + bucket + "/cfg/" + second.getFileName(),
            "s3://" + bucket + "/cfg2/" + second.getFileName());
    assertIdenticalCopy(second, "cfg/");
    assertIdenticalCopy(second, "cfg2/");

    TestHome.Result text = home.run("library", "backup", "--copy-to", "s3://" + bucket + "/flag");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("Copy:      s3://" + bucket + "/flag/vpo-library-");
    assertThat(server.keys(bucket)).hasSize(6);
    assertThat(server.uploads(bucket)).isEmpty();
  }

  @Test
  void aCopyRefusedForWrongCredentialsLeavesTheBackupExits7AndSaysWhichCopyFailed()
      throws Exception {
    String wrong = "wrong-secret-4f1d9a";
    home.env("AWS_SECRET_ACCESS_KEY", wrong);
    String to = "s3://" + bucket + "/vpo";

    TestHome.Result r = home.run("library", "backup", "--copy-to", to);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
    assertThat(errorLines(r))
        .singleElement()
        .asString()
        .contains(to + "/")
        .contains("refused the credentials")
        .contains("AWS_SECRET_ACCESS_KEY");
    assertThat(r.out()).contains("Backup:").contains("Copy:").contains("FAILED");
    assertNoStackTrace(r);
    assertLocalBackupIntact(1);
    assertThat(server.keys(bucket)).isEmpty();
    assertThat(server.uploads(bucket)).isEmpty();

    TestHome.Result j = home.run("library", "backup", "--copy-to", to, "--json");

    assertThat(j.exitCode()).as(j.toString()).isEqualTo(7);
    JsonNode doc = json(j);
    assertThat(doc.get("success").asBoolean()).isFalse();
    assertThat(doc.get("error_code").asText()).isEqualTo("location_unavailable");
    assertThat(doc.get("error").asText()).contains(to + "/");
    Path local = Path.of(doc.get("path").asText());
    assertThat(local).isRegularFile();
    JsonNode copy = doc.get("copies").get(0);
    assertThat(copy.get("ok").asBoolean()).isFalse();
    assertThat(copy.get("path").asText()).isEqualTo(to + "/" + local.getFileName());
    assertThat(copy.get("error").asText()).contains("refused the credentials");
    assertLocalBackupIntact(2);
    S3Cli.assertNoSecret(home, r, wrong, S3TestServer.SECRET_KEY);
    S3Cli.assertNoSecret(home, j, wrong, S3TestServer.SECRET_KEY);
  }

  @Test
  void aCopyToABucketThatDoesNotExistLeavesTheBackupAndExits7() {
    String to = "s3://" + bucket + "-missing/vpo";

    TestHome.Result r = home.run("library", "backup", "--copy-to", to, "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
    JsonNode doc = json(r);
    assertThat(doc.get("error_code").asText()).isEqualTo("location_unavailable");
    assertThat(doc.get("error").asText()).contains(to + "/").contains("does not exist");
    assertThat(doc.get("copies").get(0).get("ok").asBoolean()).isFalse();
    assertLocalBackupIntact(1);
    S3Cli.assertNoSecret(home, r, S3TestServer.SECRET_KEY);
  }

  @Test
  void backupsCopyCopiesOnlyWhatIsMissingThenNothing() throws Exception {
    String to = "s3://" + bucket + "/vpo";
    Path first = Path.of(home.backup("--copy-to", to).get("path").asText());
    Path second = Path.of(home.backup().get("path").asText());
    Path third = Path.of(home.backup().get("path").asText());
    assertThat(server.keys(bucket)).containsExactly("vpo/" + first.getFileName());

    TestHome.Result r = home.run("library", "backups", "copy", "--to", to, "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(list(doc.get("copies")))
        .extracting(c -> c.get("filename").asText())
        .containsExactly(second.getFileName().toString(), third.getFileName().toString());
    assertThat(doc.get("copied_count").asInt()).isEqualTo(2);
    assertThat(doc.get("copied_bytes").asLong())
        .isEqualTo(DiskState.size(second) + DiskState.size(third));
    for (Path p : List.of(first, second, third)) {
      assertIdenticalCopy(p, "vpo/");
    }

    TestHome.Result again = home.run("library", "backups", "copy", "--to", to);

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Nothing to copy");
    assertThat(server.keys(bucket)).hasSize(3);

    // And back down from the store into an empty directory.
    Path usb = Files.createDirectories(tmp.resolve("usb"));
    TestHome.Result down =
        home.run("library", "backups", "copy", "--to", usb.toString(), "--path", to, "--json");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(json(down).get("copied_count").asInt()).isEqualTo(3);
    for (Path p : List.of(first, second, third)) {
      assertThat(usb.resolve(p.getFileName())).hasSameBinaryContentAs(p);
    }
    assertThat(server.uploads(bucket)).isEmpty();
  }

  /** {@code count} local archives, each complete, and no temp file anywhere. */
  private void assertLocalBackupIntact(int count) {
    List<Path> archives = DiskState.archivesIn(home.backups());
    assertThat(archives).hasSize(count);
    for (Path a : archives) {
      assertThat(ArchiveSeenByCommonsCompress.read(a).problem()).as(a.toString()).isNull();
    }
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
  }
}
