package vpo.location;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object's bytes from {@code start} to {@code end} (exclusive; -1 for the object's end), read
 * with GetObject. A connection cut mid-body (an I/O error, or the body ending short of its length)
 * is resumed with a Range request from the byte reached, for the same object version ({@code
 * If-Match} on its ETag), a bounded number of times in a row without progress.
 */
final class S3ObjectStream extends InputStream {
  private static final Logger log = LoggerFactory.getLogger(S3ObjectStream.class);

  /** Progress that counts as the connection working again. */
  private static final long PROGRESS = 1 << 20;

  private final S3Location location;
  private final String key;
  private final String display;
  private final long end;
  private long position;
  private long responseEnd;
  private String etag;
  private ResponseInputStream<GetObjectResponse> in;
  private int failuresInARow;
  private long positionAtLastFailure = -1;
  private boolean closed;

  /** Opens the stream: a missing object fails here, with {@link NoSuchFileException}. */
  S3ObjectStream(S3Location location, String key, String display, long start, long end)
      throws IOException {
    this.location = location;
    this.key = key;
    this.display = display;
    this.position = start;
    this.end = end;
    open();
  }

  private void open() throws IOException {
    String range =
        end < 0
            ? (position == 0 ? null : "bytes=" + position + "-")
            : "bytes=" + position + "-" + (end - 1);
    GetObjectRequest request =
        GetObjectRequest.builder()
            .bucket(location.bucket())
            .key(key)
            .range(range)
            .ifMatch(etag)
            .build();
    try {
      in = location.client().getObject(request);
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        throw new NoSuchFileException(display);
      }
      if (S3Errors.isRangeNotSatisfiable(e)) {
        // Starting at or past the end: nothing to read.
        in = null;
        responseEnd = position;
        return;
      }
      if (etag != null && isPreconditionFailed(e)) {
        throw new IOException(display + " was replaced while it was being read");
      }
      throw location.errors().translate(e, "reading " + name());
    }
    GetObjectResponse response = in.response();
    if (etag == null) {
      etag = response.eTag();
    }
    location.sawMetadata(key, response.metadata());
    Long length = response.contentLength();
    responseEnd = length == null ? Long.MAX_VALUE : position + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (in == null || position >= responseEnd) {
        return -1;
      }
      try {
        int n = in.read(b, off, (int) Math.min(len, responseEnd - position));
        if (n > 0) {
          position += n;
          return n;
        }
        if (n < 0) {
          // The body ended before its Content-Length: the connection was cut.
          resume(new IOException("the connection closed early"));
        }
      } catch (IOException | SdkException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted while reading " + display);
        }
        // A read timeout (a stalled connection) is resumed like a cut one.
        resume(e);
      }
    }
  }

  private void resume(Exception cause) throws IOException {
    if (position - positionAtLastFailure >= PROGRESS || positionAtLastFailure < 0) {
      failuresInARow = 0;
    }
    positionAtLastFailure = position;
    failuresInARow++;
    abortQuietly();
    if (failuresInARow > location.tuning().readResumes()) {
      throw location.errors().translate(cause, "reading " + name());
    }
    log.info(
        "reading {} was cut at byte {} ({}); resuming, attempt {}",
        display,
        position,
        cause.toString(),
        failuresInARow);
    try {
      S3Location.Tuning tuning = location.tuning();
      long delay =
          Math.min(
              tuning.maxDelay().toMillis(),
              tuning.baseDelay().toMillis() << Math.min(failuresInARow - 1, 10));
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + display);
    }
    open();
  }

  /** The archive's name, for messages that name its location already. */
  private String name() {
    return display.substring(display.lastIndexOf('/') + 1);
  }

  private static boolean isPreconditionFailed(SdkException e) {
    var service = S3Errors.find(e, AwsServiceException.class);
    return service != null && service.statusCode() == 412;
  }

  private void abortQuietly() {
    if (in != null) {
      try {
        in.abort();
        in.close();
      } catch (IOException | RuntimeException ignored) {
        // Being replaced.
      }
      in = null;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (in != null && position < responseEnd) {
      // Do not download the rest just to reuse the connection.
      abortQuietly();
    } else if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // Fully read.
      }
    }
  }
}
