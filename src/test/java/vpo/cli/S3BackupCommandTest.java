package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.S3TestServer;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * {@code vpo library backup -o s3://...} through the real command line against the real test
 * server: an auto-named archive under the prefix, an explicit name that is never replaced without
 * {@code --force}, the archive's SHA-256 in the object's metadata, and {@code --dry-run} writing
 * nothing.
 */
class S3BackupCommandTest {
  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;
  TestHome home;
  String bucket;

  @BeforeEach
  void homeAndBucket() {
    bucket = server.newBucket();
    home = S3Cli.connect(TestHome.withLibrary(tmp, Start.INITIALISED, 40, 1), server.endpoint);
  }

  @Test
  void autoNamedArchiveGoesUnderThePrefixWithItsSha256InTheObjectsMetadata() throws Exception {
    JsonNode doc = home.backup("-o", "s3://" + bucket + "/vpo/");

    String path = doc.get("path").asText();
    assertThat(path)
        .matches(
            "s3://"
                + bucket
                + "/vpo/vpo-library-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z\\.tar\\.gz");
    String key = path.substring(("s3://" + bucket + "/").length());
    assertThat(server.keys(bucket)).containsExactly(key);
    assertThat(server.uploads(bucket)).isEmpty();

    byte[] stored = server.bytes(bucket, key);
    String sha = Sha256.of(stored);
    assertThat(doc.get("sha256").asText()).isEqualTo(sha);
    assertThat(server.metadata(bucket, key)).containsEntry("vpo-sha256", sha);
    assertThat(doc.get("archive_size_bytes").asLong()).isEqualTo(stored.length);
    ArchiveSeenByCommonsCompress archive =
        ArchiveSeenByCommonsCompress.read(new ByteArrayInputStream(stored), null);
    assertThat(archive.problem()).isNull();
    assertThat(archive.databaseSha256()).isEqualTo(doc.get("database_sha256").asText());
    // Nothing was written locally.
    assertThat(DiskState.archivesIn(home.backups())).isEmpty();
    assertThat(DiskState.tempFiles(home.home())).isEmpty();

    // A second backup in the same second gets another name; the first is untouched.
    JsonNode second = home.backup("-o", "s3://" + bucket + "/vpo");
    assertThat(second.get("path").asText())
        .isNotEqualTo(path)
        .startsWith("s3://" + bucket + "/vpo/");
    assertThat(server.keys(bucket)).hasSize(2);
    assertThat(Sha256.of(server.bytes(bucket, key))).isEqualTo(sha);
  }

  @Test
  void anExplicitNameIsNeverReplacedWithoutForceAndIsReplacedWithIt() {
    String url = "s3://" + bucket + "/vpo/name.tar.gz";
    JsonNode first = home.backup("-o", url);
    assertThat(first.get("path").asText()).isEqualTo(url);
    byte[] firstBytes = server.bytes(bucket, "vpo/name.tar.gz");
    LibraryFixture.populate(home.library(), 5, 2);

    TestHome.Result refused = home.run("library", "backup", "-o", url);

    assertTextError(refused, 1, url, "already exists", "--force");
    assertThat(server.bytes(bucket, "vpo/name.tar.gz")).isEqualTo(firstBytes);
    assertThat(server.keys(bucket)).containsExactly("vpo/name.tar.gz");
    assertThat(server.uploads(bucket)).isEmpty();

    TestHome.Result jsonRefused = home.run("library", "backup", "-o", url, "--json");
    assertThat(jsonRefused.exitCode()).as(jsonRefused.toString()).isEqualTo(1);
    assertThat(json(jsonRefused).get("error").asText()).contains(url);

    JsonNode forced = home.backup("-o", url, "--force");

    byte[] replaced = server.bytes(bucket, "vpo/name.tar.gz");
    assertThat(replaced).isNotEqualTo(firstBytes);
    assertThat(forced.get("sha256").asText()).isEqualTo(Sha256.of(replaced));
    assertThat(server.metadata(bucket, "vpo/name.tar.gz"))
        .containsEntry("vpo-sha256", Sha256.of(replaced));
    assertThat(forced.get("file_count").asLong()).isEqualTo(45);
    assertThat(server.keys(bucket)).containsExactly("vpo/name.tar.gz");
    assertThat(server.uploads(bucket)).isEmpty();
  }

  @Test
  void dryRunToS3CreatesNothing() {
    Map<String, String> before = DiskState.of(home.home(), home.logFile());

    TestHome.Result text =
        home.run("library", "backup", "-o", "s3://" + bucket + "/vpo/", "--dry-run");
    TestHome.Result named =
        home.run(
            "library", "backup", "-o", "s3://" + bucket + "/vpo/x.tar.gz", "--dry-run", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("Would write: s3://" + bucket + "/vpo/vpo-library-")
        .contains("Nothing was written (--dry-run).");
    assertThat(named.exitCode()).as(named.toString()).isZero();
    JsonNode doc = json(named);
    assertThat(doc.get("dry_run").asBoolean()).isTrue();
    assertThat(doc.get("path").asText()).isEqualTo("s3://" + bucket + "/vpo/x.tar.gz");
    assertThat(server.keys(bucket)).isEmpty();
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(DiskState.of(home.home(), home.logFile())).isEqualTo(before);
  }
}
