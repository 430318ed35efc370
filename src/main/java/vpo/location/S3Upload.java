package vpo.location;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import vpo.fs.ByteSizes;

/**
 * One archive being written to an {@link S3Location}; see there for the protocol. Parts are
 * uploaded on the location's threads while the writer goes on; the writer waits only when every
 * buffer is taken, so memory stays at {@code parallelUploads + 2} parts.
 */
final class S3Upload implements Upload {
  private static final Logger log = LoggerFactory.getLogger(S3Upload.class);

  /** S3 allows parts 1 to 10,000. */
  private static final int MAX_PARTS = 10_000;

  private static final int MAX_NAME_ATTEMPTS = 10_000;

  /** How long an abandoned upload waits for parts still being sent before aborting. */
  private static final Duration DISCARD_WAIT = Duration.ofSeconds(10);

  /** Uploads under way, aborted by a shutdown hook if the process is interrupted (Ctrl-C). */
  private static final Set<S3Upload> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (S3Upload u : LIVE) {
                    u.abortOnExit();
                  }
                },
                "vpo-s3-abort"));
  }

  private enum Mode {
    NEW,
    HEAD_LAST,
    IN_ORDER
  }

  /** A part handed to the pool; its buffer returns to {@link #free} once it is sent. */
  private record Part(int number, int length, Future<Sent> sent) {}

  /** A part the store accepted: the MD5 it checked, and the ETag it gave. */
  private record Sent(byte[] md5, String etag) {}

  private final S3Location location;
  private final S3Client s3;
  private final String name;
  private final IntFunction<String> nameForSuffix;
  private final boolean overwrite;
  private final int partSize;
  private final int maxBuffers;
  private final BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
  private final List<Part> parts = new ArrayList<>();
  private final Instant started = Instant.now();
  private final AtomicInteger inFlight = new AtomicInteger();
  private int buffersMade;

  private Mode mode = Mode.NEW;
  private String tempKey;
  private String uploadId;
  private boolean tempObjectExists;
  private int headLength;
  private boolean headWritten;
  private byte[] first;
  private int firstLength;
  private byte[] current;
  private int currentLength;
  private int currentNumber;
  private int nextNumber;
  private long total;
  private MessageDigest inOrderSha256;
  private volatile Throwable failure;
  private volatile int generation;
  private volatile boolean discarding;
  private boolean committed;
  private boolean closed;
  // Where the commit's time goes, for the log.
  private long sendMillis;
  private long verifyMillis;
  private long publishMillis;

  S3Upload(S3Location location, String name, IntFunction<String> nameForSuffix, boolean overwrite) {
    this.location = location;
    this.s3 = location.client();
    this.name = name;
    this.nameForSuffix = nameForSuffix;
    this.overwrite = overwrite;
    this.partSize = location.tuning().partSize();
    this.maxBuffers = location.tuning().parallelUploads() + 2;
  }

  @Override
  public OutputStream body(int headLength) throws IOException {
    if (mode != Mode.NEW) {
      throw new IllegalStateException("the body was already started");
    }
    if (headLength < 0 || headLength > partSize / 2) {
      throw new IllegalArgumentException("head length " + headLength + " out of range");
    }
    checkOpen();
    mode = Mode.HEAD_LAST;
    this.headLength = headLength;
    // The body starts after the room for the head, in part 1's buffer.
    current = take();
    currentLength = headLength;
    currentNumber = 1;
    nextNumber = 2;
    total = headLength;
    return new PartStream(generation);
  }

  @Override
  public void head(byte[] head) throws IOException {
    if (mode != Mode.HEAD_LAST || headWritten) {
      throw new IllegalStateException("head() comes once, after body() and before restart()");
    }
    if (head.length != headLength) {
      throw new IllegalArgumentException(
          "the head is "
              + ByteSizes.exact(head.length)
              + ", room was left for "
              + ByteSizes.exact(headLength));
    }
    byte[] part1 = first != null ? first : current;
    System.arraycopy(head, 0, part1, 0, headLength);
    headWritten = true;
  }

  @Override
  public OutputStream restart() throws IOException {
    checkOpen();
    generation++;
    discardRemote();
    failure = null;
    parts.clear();
    release(first);
    release(current);
    first = null;
    current = null;
    mode = Mode.IN_ORDER;
    headWritten = false;
    headLength = 0;
    total = 0;
    nextNumber = 1;
    inOrderSha256 = sha256();
    return new PartStream(generation);
  }

  /** The writer's stream: fills part buffers and hands full ones to the pool. */
  private final class PartStream extends OutputStream {
    private final int streamGeneration;

    PartStream(int generation) {
      this.streamGeneration = generation;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (streamGeneration != generation || committed || closed || headWritten) {
        throw new IllegalStateException("this stream of the upload is no longer in use");
      }
      while (len > 0) {
        checkFailure();
        if (current == null) {
          if (nextNumber > MAX_PARTS) {
            throw new IOException(
                "the archive is larger than S3 allows in "
                    + MAX_PARTS
                    + " parts of "
                    + ByteSizes.human(partSize));
          }
          current = take();
          currentLength = 0;
          currentNumber = nextNumber++;
        }
        int n = Math.min(len, partSize - currentLength);
        System.arraycopy(b, off, current, currentLength, n);
        if (inOrderSha256 != null) {
          inOrderSha256.update(b, off, n);
        }
        currentLength += n;
        total += n;
        off += n;
        len -= n;
        if (currentLength == partSize) {
          endCurrentPart();
        }
      }
    }

    @Override
    public void close() {
      // Closing publishes nothing; commit() does.
    }
  }

  private void endCurrentPart() throws IOException {
    if (mode == Mode.HEAD_LAST && currentNumber == 1) {
      // Part 1 waits for the head.
      first = current;
      firstLength = currentLength;
    } else {
      submit(currentNumber, current, currentLength);
    }
    current = null;
  }

  private void submit(int number, byte[] buffer, int length) throws IOException {
    startMultipart();
    String key = tempKey;
    String id = uploadId;
    int partGeneration = generation;
    inFlight.incrementAndGet();
    Future<Sent> sent =
        location
            .pool()
            .submit(
                () -> {
                  try {
                    if (partGeneration != generation || discarding) {
                      // Discarded before it started: nothing to send.
                      throw new CancellationException();
                    }
                    return uploadPart(key, id, number, buffer, length);
                  } catch (Throwable t) {
                    if (partGeneration == generation) {
                      failure = t;
                    }
                    throw t;
                  } finally {
                    free.add(buffer);
                    inFlight.decrementAndGet();
                  }
                });
    parts.add(new Part(number, length, sent));
  }

  private Sent uploadPart(String key, String id, int number, byte[] buffer, int length) {
    byte[] md5 = md5(buffer, length);
    String etag =
        s3.uploadPart(
                UploadPartRequest.builder()
                    .bucket(location.bucket())
                    .key(key)
                    .uploadId(id)
                    .partNumber(number)
                    .contentLength((long) length)
                    .contentMD5(Base64.getEncoder().encodeToString(md5))
                    .build(),
                body(buffer, length))
            .eTag();
    return new Sent(md5, etag);
  }

  private void startMultipart() throws IOException {
    if (uploadId != null) {
      return;
    }
    tempKey = location.newTempKey();
    try {
      uploadId =
          s3.createMultipartUpload(
                  CreateMultipartUploadRequest.builder()
                      .bucket(location.bucket())
                      .key(tempKey)
                      .contentType("application/octet-stream")
                      .metadata(S3Location.writerMetadata())
                      .build())
              .uploadId();
    } catch (SdkException e) {
      throw location.errors().translate(e, "starting an upload");
    }
    LIVE.add(this);
    log.debug("multipart upload {} started for {}", uploadId, tempKey);
  }

  @Override
  public StoredObject commit() throws IOException {
    checkOpen();
    if (mode == Mode.NEW) {
      throw new IllegalStateException("nothing was written");
    }
    if (mode == Mode.HEAD_LAST && !headWritten) {
      throw new IllegalStateException("nothing complete to commit: the head was not written");
    }
    checkFailure();
    StoredObject stored;
    try {
      if (parts.isEmpty() && (first == null || current == null)) {
        // Everything is in one buffer: part 1 held for the head, or the only part in order.
        byte[] buffer = first != null ? first : current;
        int length = first != null ? firstLength : currentLength;
        stored = putSingle(buffer == null ? new byte[0] : buffer, buffer == null ? 0 : length);
      } else {
        stored = completeMultipart();
      }
    } catch (SdkException e) {
      throw location.errors().translate(e, "uploading");
    }
    committed = true;
    log.atInfo()
        .addKeyValue("archive", location.display(stored.name()))
        .addKeyValue("size_bytes", stored.sizeBytes())
        .addKeyValue("parts", Math.max(1, parts.size()))
        .addKeyValue("duration_ms", Duration.between(started, Instant.now()).toMillis())
        .addKeyValue("last_parts_ms", sendMillis)
        .addKeyValue("read_back_ms", verifyMillis)
        .addKeyValue("copy_ms", publishMillis)
        .log("upload committed");
    return stored;
  }

  /** An archive within one part: one PutObject straight to its final name. */
  private StoredObject putSingle(byte[] buffer, int length) throws IOException {
    String sha256 =
        inOrderSha256 != null ? hex(inOrderSha256.digest()) : hex(sha256(buffer, length));
    String md5 = Base64.getEncoder().encodeToString(md5(buffer, length));
    for (int n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
      String target = targetName(n);
      String key = location.key(target);
      if (!overwrite && location.headOrNull(key) != null) {
        taken(target);
        continue;
      }
      PutObjectResponse put;
      try {
        put =
            s3.putObject(
                PutObjectRequest.builder()
                    .bucket(location.bucket())
                    .key(key)
                    .contentLength((long) length)
                    .contentMD5(md5)
                    .contentType(contentType(target))
                    .metadata(metadata(sha256))
                    .ifNoneMatch(overwrite ? null : "*")
                    .build(),
                body(buffer, length));
      } catch (SdkException e) {
        if (!overwrite && S3Errors.isTaken(e)) {
          taken(target);
          continue;
        }
        throw e;
      }
      return verify(target, key, length, sha256, put.eTag());
    }
    throw new IOException("no free archive name in " + location.display());
  }

  /** Sends the last parts, completes the upload, verifies it, and publishes it by a copy. */
  private StoredObject completeMultipart() throws IOException {
    if (current != null) {
      submit(currentNumber, current, currentLength);
      current = null;
    }
    if (mode == Mode.HEAD_LAST) {
      submit(1, first, firstLength);
      first = null;
    }
    long t0 = System.nanoTime();
    parts.sort((a, b) -> Integer.compare(a.number(), b.number()));
    List<CompletedPart> completed = new ArrayList<>();
    List<byte[]> md5s = new ArrayList<>();
    for (Part p : parts) {
      Sent sent = awaitPart(p);
      md5s.add(sent.md5());
      completed.add(CompletedPart.builder().partNumber(p.number()).eTag(sent.etag()).build());
    }
    s3.completeMultipartUpload(
        CompleteMultipartUploadRequest.builder()
            .bucket(location.bucket())
            .key(tempKey)
            .uploadId(uploadId)
            .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build())
            .build());
    LIVE.remove(this);
    uploadId = null;
    tempObjectExists = true;
    long t1 = System.nanoTime();
    String sha256 = inOrderSha256 != null ? hex(inOrderSha256.digest()) : readBack(md5s);
    long t2 = System.nanoTime();
    StoredObject stored = publish(sha256);
    deleteTemp();
    sendMillis = (t1 - t0) / 1_000_000;
    verifyMillis = (t2 - t1) / 1_000_000;
    publishMillis = (System.nanoTime() - t2) / 1_000_000;
    return stored;
  }

  /**
   * Reads the completed temporary object back: every part's MD5 must match what was sent, the
   * length must match, and the bytes give the archive's SHA-256.
   */
  private String readBack(List<byte[]> md5s) throws IOException {
    MessageDigest sha256 = sha256();
    MessageDigest md5 = md5();
    byte[] buffer = new byte[1 << 16];
    long read = 0;
    int part = 0;
    long partEnd = parts.get(0).length();
    try (InputStream in =
        new S3ObjectStream(location, tempKey, location.display() + tempName(), 0, -1)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        int at = 0;
        while (at < n) {
          if (part >= parts.size()) {
            throw storeFault("the store holds more bytes than were sent");
          }
          int take = (int) Math.min(n - at, partEnd - read);
          md5.update(buffer, at, take);
          at += take;
          read += take;
          if (read == partEnd) {
            if (!Arrays.equals(md5.digest(), md5s.get(part))) {
              throw storeFault(
                  "the store holds other bytes than were sent in part " + parts.get(part).number());
            }
            part++;
            partEnd += part < parts.size() ? parts.get(part).length() : 0;
          }
        }
      }
    }
    if (read != total || part != parts.size()) {
      throw storeFault(
          "the store holds "
              + ByteSizes.exact(read)
              + " of the upload, "
              + ByteSizes.exact(total)
              + " were sent");
    }
    return hex(sha256.digest());
  }

  /** Copies the temporary object to its final name, with the SHA-256 in its metadata. */
  private StoredObject publish(String sha256) throws IOException {
    for (int n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
      String target = targetName(n);
      String key = location.key(target);
      if (!overwrite && location.headOrNull(key) != null) {
        taken(target);
        continue;
      }
      String etag;
      try {
        etag = copy(key, target, sha256);
      } catch (SdkException e) {
        if (!overwrite && S3Errors.isTaken(e)) {
          taken(target);
          continue;
        }
        throw e;
      }
      return verify(target, key, total, sha256, etag);
    }
    throw new IOException("no free archive name in " + location.display());
  }

  private String copy(String key, String target, String sha256) {
    if (total <= location.tuning().singleCopyLimit()) {
      CopyObjectResponse r =
          s3.copyObject(
              CopyObjectRequest.builder()
                  .sourceBucket(location.bucket())
                  .sourceKey(tempKey)
                  .destinationBucket(location.bucket())
                  .destinationKey(key)
                  .metadataDirective(MetadataDirective.REPLACE)
                  .metadata(metadata(sha256))
                  .contentType(contentType(target))
                  .ifNoneMatch(overwrite ? null : "*")
                  .build());
      return r.copyObjectResult().eTag();
    }
    // Beyond what one CopyObject may copy: a multipart copy, part by part on the store.
    String id =
        s3.createMultipartUpload(
                CreateMultipartUploadRequest.builder()
                    .bucket(location.bucket())
                    .key(key)
                    .contentType(contentType(target))
                    .metadata(metadata(sha256))
                    .build())
            .uploadId();
    try {
      List<CompletedPart> completed = new ArrayList<>();
      long step = location.tuning().copyPartSize();
      int number = 1;
      for (long from = 0; from < total; from += step, number++) {
        long to = Math.min(total, from + step) - 1;
        String etag =
            s3.uploadPartCopy(
                    UploadPartCopyRequest.builder()
                        .sourceBucket(location.bucket())
                        .sourceKey(tempKey)
                        .destinationBucket(location.bucket())
                        .destinationKey(key)
                        .uploadId(id)
                        .partNumber(number)
                        .copySourceRange("bytes=" + from + "-" + to)
                        .build())
                .copyPartResult()
                .eTag();
        completed.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      return s3.completeMultipartUpload(
              CompleteMultipartUploadRequest.builder()
                  .bucket(location.bucket())
                  .key(key)
                  .uploadId(id)
                  .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build())
                  .ifNoneMatch(overwrite ? null : "*")
                  .build())
          .eTag();
    } catch (RuntimeException e) {
      abortQuietly(key, id);
      throw e;
    }
  }

  /**
   * Checks what the final name now holds: the length written and the SHA-256 recorded. An object
   * that is ours (same ETag) but wrong is deleted; one that another writer put there is left.
   */
  private StoredObject verify(String target, String key, long length, String sha256, String etag)
      throws IOException {
    HeadObjectResponse head = location.headOrNull(key);
    if (head != null
        && head.contentLength() == length
        && sha256.equals(S3Location.sha256Of(head))) {
      return new StoredObject(target, length, head.lastModified(), sha256);
    }
    if (head != null && etag != null && unquoted(etag).equals(unquoted(head.eTag()))) {
      // Ours, and wrong: it must not stay under the archive's name.
      s3.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket()).key(key).build());
      throw storeFault(
          location.display(target)
              + " held "
              + ByteSizes.exact(head.contentLength())
              + " with SHA-256 "
              + S3Location.sha256Of(head)
              + " after the upload instead of "
              + ByteSizes.exact(length)
              + " with "
              + sha256
              + "; deleted");
    }
    throw storeFault(
        location.display(target)
            + (head == null ? " is missing after the upload" : " was replaced by another writer"));
  }

  private LocationUnavailableException storeFault(String what) {
    return new LocationUnavailableException(
        LocationUnavailableException.Reason.STORE_ERROR,
        location.display(),
        "the upload to " + location.display() + " did not verify: " + what,
        "nothing was published; try again, and if it recurs the store may be faulty",
        null);
  }

  private String tempName() {
    return tempKey.substring(tempKey.lastIndexOf('/') + 1);
  }

  private static String unquoted(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private String targetName(int n) {
    return name != null ? name : ObjectNames.check(nameForSuffix.apply(n));
  }

  private void taken(String target) throws FileAlreadyExistsException {
    if (name != null) {
      throw new FileAlreadyExistsException(location.display(target));
    }
  }

  private static Map<String, String> metadata(String sha256) {
    Map<String, String> m = new HashMap<>(S3Location.writerMetadata());
    m.put(S3Location.SHA256_METADATA, sha256);
    return m;
  }

  private static String contentType(String name) {
    return name.endsWith(".gz") ? "application/gzip" : "application/octet-stream";
  }

  private static RequestBody body(byte[] buffer, int length) {
    // No copy of the buffer; a retry reads it again from the start.
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
  }

  private Sent awaitPart(Part p) throws IOException {
    try {
      return p.sent().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading to " + location.display());
    } catch (ExecutionException e) {
      throw location.errors().translate(e.getCause(), "uploading");
    }
  }

  private byte[] take() throws IOException {
    byte[] b = free.poll();
    if (b != null) {
      return b;
    }
    if (buffersMade < maxBuffers) {
      buffersMade++;
      return new byte[partSize];
    }
    try {
      while (true) {
        checkFailure();
        b = free.poll(100, TimeUnit.MILLISECONDS);
        if (b != null) {
          return b;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading to " + location.display());
    }
  }

  private void release(byte[] buffer) {
    if (buffer != null) {
      free.add(buffer);
    }
  }

  private void checkFailure() {
    Throwable f = failure;
    if (f != null) {
      throw location.errors().translate(f, "uploading");
    }
  }

  private void checkOpen() {
    if (committed || closed) {
      throw new IllegalStateException(
          "the upload is already " + (committed ? "committed" : "closed"));
    }
  }

  /**
   * Lets the parts being sent finish (a little while at most: interrupting them would leave some
   * stores with half-written parts that break the abort), skips those not started, aborts the
   * multipart upload, and deletes a completed temporary object.
   */
  private void discardRemote() {
    discarding = true;
    long deadline = System.nanoTime() + DISCARD_WAIT.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (uploadId != null) {
      abortQuietly(tempKey, uploadId);
      LIVE.remove(this);
      uploadId = null;
    }
    deleteTemp();
    discarding = false;
  }

  private void deleteTemp() {
    if (tempObjectExists) {
      try {
        s3.deleteObject(
            DeleteObjectRequest.builder().bucket(location.bucket()).key(tempKey).build());
        tempObjectExists = false;
      } catch (SdkException e) {
        log.warn(
            "could not delete the temporary object {}{}: {}; the next vpo command there removes"
                + " it",
            location.display(),
            tempKey,
            e.toString());
      }
    }
  }

  /** Best effort, quickly: the process is exiting; what is left, the next cleanup removes. */
  private void abortOnExit() {
    String key = tempKey;
    String id = uploadId;
    if (id == null) {
      return;
    }
    try {
      s3.abortMultipartUpload(
          AbortMultipartUploadRequest.builder()
              .bucket(location.bucket())
              .key(key)
              .uploadId(id)
              .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5)))
              .build());
    } catch (RuntimeException e) {
      // Nothing more can be done while exiting.
    }
  }

  private void abortQuietly(String key, String id) {
    try {
      s3.abortMultipartUpload(
          AbortMultipartUploadRequest.builder()
              .bucket(location.bucket())
              .key(key)
              .uploadId(id)
              .build());
    } catch (SdkException e) {
      log.warn(
          "could not abort the upload to {}: {}; the next vpo command there removes it",
          key,
          e.toString());
    }
  }

  @Override
  public void close() {
    if (committed || closed) {
      return;
    }
    closed = true;
    discardRemote();
    first = null;
    current = null;
    free.clear();
  }

  private static byte[] md5(byte[] buffer, int length) {
    MessageDigest md5 = md5();
    md5.update(buffer, 0, length);
    return md5.digest();
  }

  private static byte[] sha256(byte[] buffer, int length) {
    MessageDigest d = sha256();
    d.update(buffer, 0, length);
    return d.digest();
  }

  private static MessageDigest md5() {
    return digest("MD5");
  }

  private static MessageDigest sha256() {
    return digest("SHA-256");
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
