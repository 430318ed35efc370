package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.S3TestServer;
import vpo.testing.ChildProcesses;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Commands that do not touch S3 do not load the S3 client: a real vpo JVM runs {@code --version}
 * and a local backup under {@code -verbose:class}, in a home whose user has AWS settings and an
 * {@code [s3]} section, and no class of the AWS SDK is loaded. The same JVM listing an S3 prefix
 * does load it, so the check can fail.
 */
class S3StartupTest {
  static final List<String> LOG_CLASSES = List.of("-Xshare:off", "-verbose:class");

  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  private List<String> loaded(TestHome home, String... args) {
    ChildProcesses.Output out = children.run(120, home.processBuilder(LOG_CLASSES, args));
    assertThat(out.exitCode()).as(out.toString()).isZero();
    return out.out().lines().filter(l -> l.startsWith("[")).toList();
  }

  @Test
  void versionAndALocalBackupLoadNoSdkClassAndAnS3ListingDoes() {
    TestHome home =
        S3Cli.connect(TestHome.withLibrary(tmp, Start.INITIALISED, 5, 1), server.endpoint);
    S3Cli.writeConfig(home, "[s3]\nregion = \"eu-west-1\"\npath_style = true\n");

    List<String> version = loaded(home, "--version");
    List<String> backup = loaded(home, "library", "backup");

    assertThat(version).anyMatch(l -> l.contains(" vpo.Main "));
    assertThat(version).noneMatch(l -> l.contains("software.amazon"));
    assertThat(backup).anyMatch(l -> l.contains(" vpo.backup.BackupService "));
    assertThat(backup).anyMatch(l -> l.contains(" vpo.location.LocalDirectory "));
    assertThat(backup).noneMatch(l -> l.contains("software.amazon"));
    assertThat(backup).noneMatch(l -> l.contains(" vpo.location.S3Location "));

    String bucket = server.newBucket();
    List<String> listing = loaded(home, "library", "backups", "--path", "s3://" + bucket + "/vpo");
    assertThat(listing).anyMatch(l -> l.contains(" software.amazon.awssdk.services.s3.S3Client "));
  }
}
