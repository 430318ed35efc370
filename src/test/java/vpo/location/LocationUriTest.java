package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.location.LocationUri.Directory;
import vpo.location.LocationUri.S3Prefix;
import vpo.location.LocationUri.Target;

/** How location strings are read: S3 URLs, local paths, and the refusals. */
class LocationUriTest {
  @TempDir Path cwd;

  @Test
  void aLocationIsAPrefixWithOrWithoutTheSlash() {
    assertThat(LocationUri.parseLocation("s3://bkt", cwd)).isEqualTo(new S3Prefix("bkt", ""));
    assertThat(LocationUri.parseLocation("s3://bkt/", cwd)).isEqualTo(new S3Prefix("bkt", ""));
    assertThat(LocationUri.parseLocation("s3://bkt/vpo", cwd))
        .isEqualTo(new S3Prefix("bkt", "vpo/"));
    assertThat(LocationUri.parseLocation("s3://bkt/vpo/", cwd))
        .isEqualTo(new S3Prefix("bkt", "vpo/"));
    assertThat(LocationUri.parseLocation("s3://my.bkt-1/a/b", cwd))
        .isEqualTo(new S3Prefix("my.bkt-1", "a/b/"));
    assertThat(LocationUri.parseLocation("s3://bkt/vpo", cwd).display()).isEqualTo("s3://bkt/vpo/");
    assertThat(LocationUri.parseLocation("s3://bkt", cwd).display()).isEqualTo("s3://bkt/");
  }

  @Test
  void aDestinationNamesAnArchiveWhenItEndsLikeOne() {
    assertThat(LocationUri.parseDestination("s3://bkt/vpo/", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", "vpo/"), null));
    assertThat(LocationUri.parseDestination("s3://bkt/vpo", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", "vpo/"), null));
    assertThat(LocationUri.parseDestination("s3://bkt/vpo/name.tar.gz", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", "vpo/"), "name.tar.gz"));
    assertThat(LocationUri.parseDestination("s3://bkt/vpo/name.tar.gz.age", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", "vpo/"), "name.tar.gz.age"));
    assertThat(LocationUri.parseDestination("s3://bkt/name.TAR.GZ", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", ""), "name.TAR.GZ"));
    // Not an archive's name: a prefix, since a bucket has no directories to look at.
    assertThat(LocationUri.parseDestination("s3://bkt/vpo/name.zip", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", "vpo/name.zip/"), null));
    assertThat(LocationUri.parseDestination("s3://bkt/vpo/name.tar.gz", cwd).display())
        .isEqualTo("s3://bkt/vpo/name.tar.gz");
  }

  @Test
  void anArchiveIsTheLastSegment() {
    assertThat(LocationUri.parseArchive("s3://bkt/vpo/vpo-library-x.tar.gz", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", "vpo/"), "vpo-library-x.tar.gz"));
    assertThat(LocationUri.parseArchive("s3://bkt/any-name", cwd))
        .isEqualTo(new Target(new S3Prefix("bkt", ""), "any-name"));
    assertThatThrownBy(() -> LocationUri.parseArchive("s3://bkt/vpo/", cwd))
        .isInstanceOf(InvalidLocationException.class)
        .hasMessage("s3://bkt/vpo/ names a prefix, not an archive");
  }

  @Test
  void localPathsAreResolvedAgainstTheWorkingDirectory() throws IOException {
    Files.createDirectories(cwd.resolve("existing"));
    assertThat(LocationUri.parseLocation("backups", cwd))
        .isEqualTo(new Directory(cwd.resolve("backups")));
    assertThat(LocationUri.parseDestination("existing", cwd))
        .isEqualTo(new Target(new Directory(cwd.resolve("existing")), null));
    assertThat(LocationUri.parseDestination("new/", cwd))
        .isEqualTo(new Target(new Directory(cwd.resolve("new")), null));
    assertThat(LocationUri.parseDestination("a/b.tar.gz", cwd))
        .isEqualTo(new Target(new Directory(cwd.resolve("a")), "b.tar.gz"));
    assertThat(LocationUri.parseArchive("/x/y.tar.gz", cwd))
        .isEqualTo(new Target(new Directory(Path.of("/x")), "y.tar.gz"));
    assertThat(LocationUri.parseArchive("/x/y.tar.gz", cwd).display()).isEqualTo("/x/y.tar.gz");
    // Only the exact lower-case scheme makes an S3 location.
    assertThat(LocationUri.isS3("S3://bkt/")).isFalse();
    assertThat(LocationUri.parseLocation("S3://bkt", cwd)).isInstanceOf(Directory.class);
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutBeingRepeated() {
    for (String arg :
        new String[] {
          "s3://AKIAEXAMPLE:wJalrXUtnFEMI@bkt/vpo/",
          "s3://wJalrXUtnFEMI@bkt/vpo/x.tar.gz",
          "s3://bkt/vpo/x.tar.gz?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=wJalrXUtnFEMI",
          "s3://bkt/vpo/x.tar.gz?AWSAccessKeyId=AKIAEXAMPLE&Signature=wJalrXUtnFEMI"
        }) {
      assertThatThrownBy(() -> LocationUri.parseLocation(arg, cwd))
          .isInstanceOf(InvalidLocationException.class)
          .hasMessageContaining("must not contain credentials")
          .hasMessageNotContaining("wJalrXUtnFEMI")
          .hasMessageNotContaining("AKIAEXAMPLE");
    }
  }

  @Test
  void otherQueriesAreRefusedToo() {
    assertThatThrownBy(() -> LocationUri.parseLocation("s3://bkt/vpo/?versionId=3", cwd))
        .isInstanceOf(InvalidLocationException.class)
        .hasMessageContaining("no query or fragment");
  }

  @Test
  void invalidBucketNamesAreRefused() {
    for (String arg :
        new String[] {
          "s3://",
          "s3:///vpo",
          "s3://Bucket/",
          "s3://ab/",
          "s3://-bkt/",
          "s3://bkt-/",
          "s3://bkt_x/",
          "s3://192.168.1.10/",
          "s3://a..b/",
          "s3://bkt:9000/",
          "s3://" + "b".repeat(64) + "/"
        }) {
      assertThatThrownBy(() -> LocationUri.parseLocation(arg, cwd))
          .as(arg)
          .isInstanceOf(InvalidLocationException.class);
    }
    assertThatThrownBy(() -> LocationUri.parseLocation("s3://Bucket/x", cwd))
        .hasMessage("invalid bucket name 'Bucket' in s3://Bucket/x");
  }

  @Test
  void emptyOrDotSegmentsAreRefused() {
    for (String arg : new String[] {"s3://bkt//vpo/", "s3://bkt/a/../b/", "s3://bkt/./x"}) {
      assertThatThrownBy(() -> LocationUri.parseLocation(arg, cwd))
          .as(arg)
          .isInstanceOf(InvalidLocationException.class);
    }
  }
}
