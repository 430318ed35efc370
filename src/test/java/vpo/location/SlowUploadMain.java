package vpo.location;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child process for {@link S3StaleUploadTest}: starts an archive upload to an S3 location, says
 * so on stdout once a part is under way, and then waits, forever, to be killed.
 *
 * <p>Arguments: endpoint, bucket, home directory, access key, secret key.
 */
public final class SlowUploadMain {
  private SlowUploadMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env =
        Map.of(
            "AWS_ENDPOINT_URL", URI.create(args[0]).toString(),
            "AWS_ACCESS_KEY_ID", args[3],
            "AWS_SECRET_ACCESS_KEY", args[4]);
    S3Location location =
        S3Location.open(
            new LocationUri.S3Prefix(args[1], "vpo/"),
            S3Settings.resolve(env, Path.of(args[2]), S3Settings.Config.NONE),
            S3LocationTest.TUNING);
    Upload upload = location.createAutoNamed(n -> "vpo-library-killed-" + n + ".tar.gz");
    OutputStream body = upload.body(700);
    byte[] mebibyte = new byte[1 << 20];
    // Part 1 waits for the head; part 2 fills and goes out, which starts the multipart upload.
    for (int i = 0; i < 12; i++) {
      body.write(mebibyte);
    }
    System.out.println("UPLOADING");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
