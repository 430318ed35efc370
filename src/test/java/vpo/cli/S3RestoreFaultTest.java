package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertJsonError;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.json;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.FaultProxy;
import vpo.location.FaultProxy.Direction;
import vpo.location.S3TestServer;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Restoring from {@code s3://} through the real command line while the test's proxy cuts the
 * download: cut a few times, the download resumes and the restore completes; cut mid-way and then
 * for good, the restore ends in exit 7 with the library byte for byte as it was and no temp file.
 */
class S3RestoreFaultTest {
  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;
  TestHome home;
  FaultProxy proxy;
  String archive;
  long archiveSize;
  LibraryContent backedUp;

  @BeforeEach
  void backUpToS3ThenChange() throws Exception {
    String bucket = server.newBucket();
    home = S3Cli.connect(TestHome.withLibrary(tmp, Start.INITIALISED, 60, 4), server.endpoint);
    // Some 8 MB of text: an archive of a few MiB, so that a cut lands mid-download.
    LibraryFixture.addFiller(home.library(), 200, 40_000);
    var doc = home.backup("-o", "s3://" + bucket + "/vpo/");
    archive = doc.get("path").asText();
    archiveSize = doc.get("archive_size_bytes").asLong();
    assertThat(archiveSize).isGreaterThan(3 << 20);
    backedUp = LibraryContent.read(home.library());
    LibraryFixture.populate(home.library(), 5, 8);
    LibraryFixture.execute(home.library(), "DELETE FROM test_filler WHERE id % 2 = 0");
    proxy = new FaultProxy(server.port);
    S3Cli.connect(home, proxy.endpoint());
  }

  @AfterEach
  void closeProxy() throws Exception {
    proxy.close();
  }

  @Test
  void aDownloadCutTwiceResumesAndTheRestoreCompletes() {
    proxy.cutAfter(Direction.DOWNLOAD, 1 << 20, 2);

    TestHome.Result r = home.run("library", "restore", archive, "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(proxy.faultsDone()).isEqualTo(2);
    assertThat(json(r).get("source_path").asText()).isEqualTo(archive);
    assertThat(LibraryContent.read(home.library())).isEqualTo(backedUp);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(S3Cli.log(home)).contains("resuming");
  }

  @Test
  void aDownloadCutForGoodEndsInExit7WithTheLibraryUnchanged() {
    Map<String, String> before = DiskState.of(home.dataDir(), home.dataDir().resolve("logs"));
    proxy.cutAfterThenAlways(Direction.DOWNLOAD, 1 << 20);

    TestHome.Result r = home.run("library", "restore", archive, "--yes");

    String location = archive.substring(0, archive.lastIndexOf('/') + 1);
    String name = archive.substring(location.length());
    assertTextError(r, 7, location, name, "connection", "; check");
    assertThat(proxy.faultsDone()).isGreaterThan(1);
    assertThat(DiskState.of(home.dataDir(), home.dataDir().resolve("logs"))).isEqualTo(before);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    S3Cli.assertNoSecret(home, r, S3TestServer.SECRET_KEY);

    proxy.cutAfterThenAlways(Direction.DOWNLOAD, 2 << 20);
    TestHome.Result j = home.run("library", "restore", archive, "--yes", "--json");

    assertThat(assertJsonError(j, 7, "location_unavailable").get("error").asText())
        .contains(location)
        .contains(name);
    S3Cli.assertNoSecret(home, j, S3TestServer.SECRET_KEY);
    assertThat(DiskState.of(home.dataDir(), home.dataDir().resolve("logs"))).isEqualTo(before);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
  }
}
