package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import vpo.location.FaultProxy;
import vpo.location.FaultProxy.Direction;
import vpo.location.S3TestServer;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * A real vpo process backing up to {@code s3://} is killed with SIGKILL in the middle of its
 * multipart upload (the test's proxy holds the parts back, so the kill lands mid-upload every
 * time): nothing appears under a final name, and the next command against that location aborts the
 * unfinished upload and says so on stderr.
 */
class S3KilledBackupTest {
  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  FaultProxy proxy;

  @AfterEach
  void closeProxy() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void killedMidUploadLeavesNoArchiveAndTheNextCommandAbortsTheUpload() throws Exception {
    String bucket = server.newBucket();
    String url = "s3://" + bucket + "/vpo";
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 50, 9);
    // About 40 MB of text: an archive of some 20 MB, more than two 8 MiB parts.
    LibraryFixture.addFiller(home.library(), 1000, 40_000);
    proxy = new FaultProxy(server.port);
    proxy.stallAfter(Direction.UPLOAD, 1 << 20, Integer.MAX_VALUE);
    S3Cli.connect(home, proxy.endpoint());

    Process vpo =
        children.start(
            home.processBuilder("library", "backup", "-o", url + "/")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD));
    List<MultipartUpload> uploads = awaitUpload(vpo, bucket);
    ChildProcesses.kill(vpo);

    assertThat(uploads)
        .allSatisfy(u -> assertThat(u.key()).startsWith("vpo/.vpo-tmp-" + vpo.pid() + "-"));
    assertThat(finalNames(bucket)).isEmpty();
    assertThat(server.uploads(bucket)).isNotEmpty();

    proxy.close();
    S3Cli.connect(home, server.endpoint);
    TestHome.Result next = home.run("library", "backups", "--path", url);

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.err())
        .contains("aborted the unfinished upload " + url + "/.vpo-tmp-" + vpo.pid() + "-")
        .contains("left by process " + vpo.pid() + ", which no longer runs");
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(finalNames(bucket)).isEmpty();
    assertThat(next.out()).contains("No backups");
    // The killed process's local snapshot is gone too.
    assertThat(DiskState.tempFiles(home.home())).isEmpty();

    TestHome.Result again = home.run("library", "backups", "--path", url);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain("aborted");
  }

  /** Keys under the prefix that are not vpo's temporary ones. */
  private List<String> finalNames(String bucket) {
    return server.keys(bucket).stream()
        .filter(k -> k.startsWith("vpo/"))
        .filter(k -> !k.startsWith("vpo/.vpo-tmp-"))
        .toList();
  }

  /** Polls the store until the running backup has started its multipart upload. */
  private List<MultipartUpload> awaitUpload(Process vpo, String bucket)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      List<MultipartUpload> uploads = server.uploads(bucket);
      if (!uploads.isEmpty()) {
        return uploads;
      }
      if (!vpo.isAlive()) {
        throw new AssertionError(
            "the backup ended (exit " + vpo.exitValue() + ") before uploading");
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no multipart upload started within 180 s");
  }
}
