package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.TestHome;

/**
 * Local work never loads the S3 client: a fresh JVM does what commands do with a local location
 * (and reads an {@code s3://} string) under {@code -verbose:class}, and no class of the AWS SDK,
 * nor vpo's S3 classes that use it, appears in what it loaded.
 */
class S3ClientNotLoadedTest {
  @TempDir Path dir;

  @Test
  void localUseLoadsNoSdkClass() throws Exception {
    String testClasses =
        Path.of(LocalOnlyMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-verbose:class",
                "-cp",
                testClasses + File.pathSeparator + TestHome.classpath(),
                LocalOnlyMain.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(p.waitFor()).isZero();
    assertThat(lines).contains("DONE s3://bkt/vpo/");
    // The log really lists classes as they load: the local ones are there.
    assertThat(lines).anyMatch(l -> l.contains(" vpo.location.LocalDirectory "));
    assertThat(lines).anyMatch(l -> l.contains(" vpo.location.LocationUri "));
    assertThat(lines).noneMatch(l -> l.contains("software.amazon"));
    assertThat(lines).noneMatch(l -> l.contains(" vpo.location.S3Location"));
    assertThat(lines).noneMatch(l -> l.contains(" vpo.location.S3Upload"));
    assertThat(lines).noneMatch(l -> l.contains(" vpo.location.S3Errors"));
  }
}
