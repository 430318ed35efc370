package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import vpo.location.S3TestServer;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Encryption composes with every destination: standard output ({@code -o -}), the copies of {@code
 * --copy-to}, and an S3 location (a real s3proxy); each holds a standard age file that the age tool
 * and vpo open.
 */
class EncryptedBackupDestinationsTest {
  private static final byte[] AGE_HEADER =
      "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private AgeTool age;
  private TestHome home;
  private Path key;
  private String recipient;
  private String content;

  @BeforeEach
  void setUp() {
    AgeTool.assumeInstalled();
    age = new AgeTool(children);
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 60, 17);
    key = tmp.resolve("key.txt");
    recipient = age.keygen(key);
    content = LibraryContent.dump(home.library());
  }

  @Test
  void toStandardOutputItIsAnAgeStream() throws Exception {
    TestHome.Result r = home.run("library", "backup", "-o", "-", "--recipient", recipient);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    byte[] stream = r.stdoutBytes();
    assertThat(Arrays.copyOf(stream, AGE_HEADER.length)).isEqualTo(AGE_HEADER);
    assertThat(r.err()).contains("encrypted (age)");
    Path file = Files.write(tmp.resolve("piped.tar.gz.age"), stream);
    Path recovered = age.decryptAndExtract(key, file, tmp.resolve("recovered"));
    assertThat(LibraryContent.dump(recovered.resolve("library.db"))).isEqualTo(content);
    assertThat(DiskState.archives(home.home())).isEmpty();
    assertThat(DiskState.tempFiles(home.home())).isEmpty();

    // And back through a pipe: restore - reads it.
    LibraryFixture.execute(home.library(), "DELETE FROM files");
    TestHome.Result restore =
        home.stdin(stream).run("library", "restore", "-", "--yes", "--identity", key.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(content);
  }

  @Test
  void aCopyToAnotherDirectoryIsTheSameAgeFile() throws Exception {
    Path usb = tmp.resolve("usb");

    JsonNode report = home.backup("--recipient", recipient, "--copy-to", usb.toString());

    Path archive = Path.of(report.get("path").asText());
    Path copy = usb.resolve(archive.getFileName());
    assertThat(archive.getFileName().toString()).endsWith(".tar.gz.age");
    assertThat(DiskState.names(usb)).containsExactly(archive.getFileName().toString());
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(archive));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
    JsonNode copied = report.get("copies").get(0);
    assertThat(copied.get("ok").asBoolean()).isTrue();
    assertThat(copied.get("sha256").asText()).isEqualTo(Sha256.of(copy));
    Path recovered = age.decryptAndExtract(key, copy, tmp.resolve("recovered"));
    assertThat(LibraryContent.dump(recovered.resolve("library.db"))).isEqualTo(content);
    // The copy's listing reads it with the key, as the original's does.
    TestHome.Result list =
        home.run(
            "library", "backups", "--path", usb.toString(), "--json", "--identity", key.toString());
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(CliAssertions.json(list).get("backups").get(0).get("file_count").asLong())
        .isEqualTo(60);
  }

  @Test
  void toAnS3LocationItIsStoredEncryptedAndRestores() throws Exception {
    S3TestServer s3 = S3TestServer.get();
    String bucket = s3.newBucket();
    s3.env().forEach(home::env);
    String location = "s3://" + bucket + "/vpo/";

    JsonNode report = home.backup("--recipient", recipient, "-o", location);

    List<String> keys = s3.keys(bucket);
    assertThat(keys).hasSize(1);
    String objectKey = keys.get(0);
    assertThat(objectKey).startsWith("vpo/vpo-library-").endsWith(".tar.gz.age");
    assertThat(report.get("path").asText()).isEqualTo("s3://" + bucket + "/" + objectKey);
    byte[] stored =
        s3.inspector()
            .getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(objectKey).build())
            .asByteArray();
    assertThat(Arrays.copyOf(stored, AGE_HEADER.length)).isEqualTo(AGE_HEADER);
    assertThat(report.get("sha256").asText()).isEqualTo(Sha256.of(stored));
    Path downloaded = Files.write(tmp.resolve("downloaded.tar.gz.age"), stored);
    Path recovered = age.decryptAndExtract(key, downloaded, tmp.resolve("recovered"));
    assertThat(LibraryContent.dump(recovered.resolve("library.db"))).isEqualTo(content);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();

    // Listed from the name without the key, from the metadata with it.
    TestHome.Result locked = home.run("library", "backups", "--path", location, "--json");
    TestHome.Result open =
        home.run("library", "backups", "--path", location, "--json", "--identity", key.toString());
    assertThat(locked.exitCode()).as(locked.toString()).isZero();
    JsonNode lockedEntry = CliAssertions.json(locked).get("backups").get(0);
    assertThat(lockedEntry.get("encrypted").asBoolean()).isTrue();
    assertThat(lockedEntry.get("readable").asBoolean()).isFalse();
    assertThat(lockedEntry.get("archive_size_bytes").asLong()).isEqualTo(stored.length);
    assertThat(open.exitCode()).as(open.toString()).isZero();
    assertThat(CliAssertions.json(open).get("backups").get(0).get("file_count").asLong())
        .isEqualTo(60);

    // Restored straight from the bucket.
    LibraryFixture.execute(home.library(), "DELETE FROM files");
    TestHome.Result restore =
        home.run(
            "library",
            "restore",
            "s3://" + bucket + "/" + objectKey,
            "--yes",
            "--identity",
            key.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(content);
    assertThat(DiskState.tempFilesOfThisProcessInSystemTemp()).isEmpty();
  }
}
