package vpo.location;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProcessCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A prefix in an S3 bucket ({@code s3://bucket/prefix/}) on AWS or any S3-compatible store.
 *
 * <p>Writing: a multipart upload to a temporary key beside the final name, parts uploaded in
 * parallel while the archive is still being made, each with Content-MD5 so the store checks it.
 * Then the object is read back once, which proves what the store holds (each part's MD5 again) and
 * gives the archive's SHA-256 (its bytes were not produced in order: the head comes last); a
 * server-side copy publishes it under the final name with that SHA-256 in its metadata ({@code
 * x-amz-meta-vpo-sha256}), without replacing an existing object ({@code If-None-Match: *}, and a
 * HEAD first for stores that ignore it); the temporary object is deleted. An archive smaller than
 * one part is a single PutObject straight to its final name. Nothing ever appears under a final
 * name before it is complete and verified; a failed or abandoned upload is aborted.
 *
 * <p>Reading streams GetObject and resumes a cut connection with a Range request from the byte
 * reached, pinned to the same object version ({@code If-Match}).
 *
 * <p>This class and the other {@code S3*} classes of this package that use the AWS SDK are the only
 * ones that do, so local work never loads the SDK.
 */
public final class S3Location implements BackupLocation {
  static final String SHA256_METADATA = "vpo-sha256";
  static final String TEMP_PREFIX = vpo.fs.TempFiles.PREFIX;
  private static final Logger log = LoggerFactory.getLogger(S3Location.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int HEAD_THREADS = 8;

  /**
   * Cleaning up is done on the side: its first request is tried once, so a store that cannot be
   * reached costs no retries there (the command's own requests find that out and report it). Once
   * the store has answered, the removals are retried as every request is.
   */
  private static final AwsRequestOverrideConfiguration ONE_ATTEMPT =
      AwsRequestOverrideConfiguration.builder()
          .addPlugin(
              c -> c.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))
          .build();

  /** Sizes, limits and timeouts; tests shrink them. */
  record Tuning(
      int partSize,
      int parallelUploads,
      int maxAttempts,
      Duration baseDelay,
      Duration maxDelay,
      Duration connectTimeout,
      Duration socketTimeout,
      int readResumes,
      long singleCopyLimit,
      long copyPartSize,
      Duration staleAge) {
    /**
     * 8 MiB parts, 3 in flight: with the part being filled and the first part held for the head, at
     * most 5 parts (40 MiB) in memory. Every request gets seven attempts, with full-jitter backoff
     * from 0.5 s doubling to at most 10 s (25 s of waiting at most), so a blip of some seconds is
     * ridden out and a store that stays down fails within about half a minute, or about 100 s when
     * every attempt also waits out the 10 s connect timeout. A connection that delivers nothing for
     * 60 s counts as failed. A download resumes up to 10 times in a row without 1 MiB of progress
     * in between, with the same backoff. A copy over 5 GiB (S3's limit for one CopyObject) goes in
     * 1 GiB parts. Temporary uploads of another host are stale after a day.
     */
    static final Tuning DEFAULT =
        new Tuning(
            8 << 20,
            3,
            7,
            Duration.ofMillis(500),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            10,
            5L << 30,
            1L << 30,
            Duration.ofHours(24));
  }

  private final LocationUri.S3Prefix where;
  private final S3Settings settings;
  private final Tuning tuning;
  private final CompletableFuture<S3Client> s3;
  private final S3Errors errors;
  private final ThreadPoolExecutor pool;

  /** The SHA-256 each object's metadata gave, by key, as GETs of it answered. */
  private final Map<String, String> shaSeen = new ConcurrentHashMap<>();

  private S3Location(
      LocationUri.S3Prefix where,
      S3Settings settings,
      Tuning tuning,
      CompletableFuture<S3Client> s3) {
    this.where = where;
    this.settings = settings;
    this.tuning = tuning;
    this.s3 = s3;
    this.errors = new S3Errors(where.display(), where.bucket(), settings);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            HEAD_THREADS,
            HEAD_THREADS,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "vpo-s3-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Opens {@code where} with {@code settings}. Fails at once, without a request, when no
   * credentials were found.
   */
  public static S3Location open(LocationUri.S3Prefix where, S3Settings settings) {
    return open(where, settings, Tuning.DEFAULT);
  }

  static S3Location open(LocationUri.S3Prefix where, S3Settings settings, Tuning tuning) {
    if (settings.credentials() == null) {
      throw new S3Errors(where.display(), where.bucket(), settings).noCredentials();
    }
    // Building the client loads about 1,500 classes (a few hundred milliseconds on a cold JVM):
    // it happens on another thread, while the caller goes on (a backup takes its snapshot).
    CompletableFuture<S3Client> client = new CompletableFuture<>();
    Thread builder =
        new Thread(
            () -> {
              try {
                client.complete(build(settings, tuning));
                if (!settings.endpoint().map(e -> e.getScheme().equals("http")).orElse(false)) {
                  // The JDK reads its trusted certificates on the first https connection.
                  SSLContext.getDefault();
                }
              } catch (Throwable e) {
                client.completeExceptionally(e);
              }
            },
            "vpo-s3-client");
    builder.setDaemon(true);
    builder.start();
    return new S3Location(where, settings, tuning, client);
  }

  private static S3Client build(S3Settings settings, Tuning tuning) {
    S3Settings.Credentials c = settings.credentials();
    AwsCredentialsProvider credentials;
    if (c.process() != null) {
      // As the AWS tools run it: through the shell.
      credentials =
          ProcessCredentialsProvider.builder().command(List.of("sh", "-c", c.process())).build();
    } else if (c.sessionToken() != null) {
      credentials =
          StaticCredentialsProvider.create(
              AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    } else {
      credentials =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
    }
    // Nothing is looked up at start-up: region, credentials and endpoint are given, and the SDK's
    // own reading of ~/.aws is replaced by an empty profile file.
    ProfileFile noProfiles =
        ProfileFile.builder()
            .content(new ByteArrayInputStream(new byte[0]))
            .type(ProfileFile.Type.CONFIGURATION)
            .build();
    S3ClientBuilder builder =
        S3Client.builder()
            // The JDK's own HTTP client underneath. Connections come from the JDK as they are
            // (system proxy settings apply); the SDK's default factory would also build a TLS
            // context up front, for 300 ms, even for http.
            .httpClient(
                UrlConnectionHttpClient.create(
                    uri -> connection(uri, tuning.connectTimeout(), tuning.socketTimeout())))
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(settings.pathStyle())
                    // Over plain http the SDK would sign the payload in chunks, copying every
                    // byte once more; each part's Content-MD5 already protects it.
                    .chunkedEncodingEnabled(false)
                    .build())
            // Newer SDKs send CRC checksum headers by default, which s3proxy, R2 and other stores
            // refuse; parts carry Content-MD5 instead.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o ->
                    o.defaultProfileFile(noProfiles)
                        .defaultProfileName("default")
                        .retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(tuning.maxAttempts())
                                .backoffStrategy(
                                    BackoffStrategy.exponentialDelay(
                                        tuning.baseDelay(), tuning.maxDelay()))
                                .circuitBreakerEnabled(false)
                                .build()));
    if (settings.endpoint().isPresent()) {
      builder.endpointOverride(settings.endpoint().get());
    } else if (!settings.regionConfigured()) {
      // No region given: follow AWS's redirect to the bucket's region.
      builder.crossRegionAccessEnabled(true);
    }
    return builder.build();
  }

  private static HttpURLConnection connection(
      URI uri, Duration connectTimeout, Duration readTimeout) {
    try {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout((int) connectTimeout.toMillis());
      c.setReadTimeout((int) readTimeout.toMillis());
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String display() {
    return where.display();
  }

  @Override
  public String display(String name) {
    return where.display() + ObjectNames.check(name);
  }

  @Override
  public Optional<Path> localDirectory() {
    return Optional.empty();
  }

  @Override
  public List<StoredObject> list() throws IOException {
    List<S3Object> objects = new ArrayList<>();
    try {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder()
              .bucket(where.bucket())
              .prefix(where.prefix())
              .delimiter("/")
              .build();
      for (ListObjectsV2Response page : client().listObjectsV2Paginator(request)) {
        for (S3Object o : page.contents()) {
          String name = o.key().substring(where.prefix().length());
          if (!name.isEmpty() && !ObjectNames.isTemporary(name)) {
            objects.add(o);
          }
        }
      }
    } catch (SdkException e) {
      throw errors.translate(e, "listing");
    }
    // The SHA-256 is in each object's metadata, which a LIST does not return: it comes with the
    // GET of the object's head that a listing makes anyway (knownSha256), not with a HEAD
    // request of its own per object.
    List<StoredObject> found = new ArrayList<>();
    for (S3Object o : objects) {
      found.add(
          new StoredObject(
              o.key().substring(where.prefix().length()), o.size(), o.lastModified(), null));
    }
    return found;
  }

  @Override
  public InputStream read(String name) throws IOException {
    return new S3ObjectStream(this, key(name), display(name), 0, -1);
  }

  @Override
  public InputStream readRange(String name, long offset, int length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range");
    }
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    return new S3ObjectStream(this, key(name), display(name), offset, offset + length);
  }

  @Override
  public boolean exists(String name) throws IOException {
    try {
      return headOrNull(key(name)) != null;
    } catch (SdkException e) {
      throw explain(e, "looking for " + name);
    }
  }

  /**
   * {@code failure} as the user should see it. A HEAD answer has no body, so a refusal (403) does
   * not say whether the credentials are wrong or a permission is missing: a listing, whose answer
   * says, tells them apart.
   */
  LocationUnavailableException explain(Throwable failure, String action) {
    var service = S3Errors.find(failure, AwsServiceException.class);
    if (service != null
        && service.statusCode() == 403
        && (service.awsErrorDetails() == null
            || service.awsErrorDetails().errorCode() == null
            || service.awsErrorDetails().errorCode().isEmpty())) {
      try {
        probe();
      } catch (SdkException listing) {
        return errors.translate(listing, action);
      }
    }
    return errors.translate(failure, action);
  }

  /** One small listing: proves the credentials, the bucket and the permission to list. */
  private void probe() {
    client()
        .listObjectsV2(
            ListObjectsV2Request.builder()
                .bucket(where.bucket())
                .prefix(where.prefix())
                .maxKeys(1)
                .build());
  }

  /** Fails before any work if the location cannot be reached or refuses vpo. */
  private void preflight(String action) {
    try {
      probe();
    } catch (SdkException e) {
      throw errors.translate(e, action);
    }
  }

  /** The object's metadata, or null if there is none of that name. */
  HeadObjectResponse headOrNull(String key) {
    try {
      return client()
          .headObject(HeadObjectRequest.builder().bucket(where.bucket()).key(key).build());
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public Upload create(String name, boolean overwrite) throws IOException {
    ObjectNames.check(name);
    preflight("starting an upload");
    if (!overwrite && exists(name)) {
      throw new FileAlreadyExistsException(display(name));
    }
    return new S3Upload(this, name, null, overwrite);
  }

  @Override
  public Upload createAutoNamed(IntFunction<String> nameForSuffix) {
    preflight("starting an upload");
    return new S3Upload(this, null, nameForSuffix, false);
  }

  @Override
  public void delete(String name) throws IOException {
    try {
      client()
          .deleteObject(
              DeleteObjectRequest.builder().bucket(where.bucket()).key(key(name)).build());
    } catch (SdkException e) {
      throw errors.translate(e, "deleting " + name);
    }
  }

  /**
   * Aborts vpo's own multipart uploads and deletes its temporary objects that were left behind:
   * those of a process on this host that no longer runs, and any older than a day (a process on
   * another host, whose liveness cannot be seen). An upload of a running vpo is never touched.
   * Multipart uploads to final names older than a day are aborted too: only vpo writes there.
   */
  @Override
  public List<String> cleanStale() {
    List<String> done = new ArrayList<>();
    try {
      String keyMarker = null;
      String uploadIdMarker = null;
      ListMultipartUploadsResponse page;
      do {
        page =
            client()
                .listMultipartUploads(
                    ListMultipartUploadsRequest.builder()
                        .bucket(where.bucket())
                        .prefix(where.prefix())
                        .keyMarker(keyMarker)
                        .uploadIdMarker(uploadIdMarker)
                        .overrideConfiguration(ONE_ATTEMPT)
                        .build());
        Instant now = Instant.now();
        for (MultipartUpload u : page.uploads()) {
          String name = u.key().substring(where.prefix().length());
          if (name.contains("/")) {
            continue;
          }
          String why = staleReason(name, u.initiated(), now);
          if (why == null) {
            continue;
          }
          client()
              .abortMultipartUpload(
                  AbortMultipartUploadRequest.builder()
                      .bucket(where.bucket())
                      .key(u.key())
                      .uploadId(u.uploadId())
                      .build());
          done.add("aborted the unfinished upload " + display() + name + ", " + why);
        }
        keyMarker = page.nextKeyMarker();
        uploadIdMarker = page.nextUploadIdMarker();
      } while (Boolean.TRUE.equals(page.isTruncated()));

      ListObjectsV2Request temps =
          ListObjectsV2Request.builder()
              .bucket(where.bucket())
              .prefix(where.prefix() + TEMP_PREFIX)
              .delimiter("/")
              .build();
      for (ListObjectsV2Response p : client().listObjectsV2Paginator(temps)) {
        Instant now = Instant.now();
        for (S3Object o : p.contents()) {
          String name = o.key().substring(where.prefix().length());
          String why = staleReason(name, o.lastModified(), now);
          if (why != null) {
            client()
                .deleteObject(
                    DeleteObjectRequest.builder().bucket(where.bucket()).key(o.key()).build());
            done.add("deleted the temporary object " + display() + name + ", " + why);
          }
        }
      }
    } catch (SdkException | IllegalStateException e) {
      log.warn("could not clean up stale uploads in {}: {}", display(), e.toString());
    }
    for (String d : done) {
      log.info("{}", d);
    }
    return done;
  }

  /** Why the upload or temporary object {@code name} is stale, or null if it may be live. */
  String staleReason(String name, Instant started, Instant now) {
    TempKeys.Owner owner = TempKeys.owner(name);
    boolean old = started != null && !started.plus(tuning.staleAge()).isAfter(now);
    if (owner == null) {
      // Not a temporary name: an upload to a final name (a large copy) that never completed.
      return ObjectNames.isTemporary(name) || !old
          ? null
          : "started " + started + " and never completed";
    }
    // With no host name to go by, only the age tells.
    if (owner.host().equals(TempKeys.thisHost()) && !owner.host().equals(TempKeys.UNKNOWN_HOST)) {
      if (owner.pid() == ProcessHandle.current().pid()
          || ProcessHandle.of(owner.pid()).isPresent()) {
        return null;
      }
      return "left by process " + owner.pid() + ", which no longer runs";
    }
    return old
        ? "left by process " + owner.pid() + " on " + owner.host() + " since " + started
        : null;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    s3.thenAccept(S3Client::close);
  }

  // What S3Upload and S3ObjectStream need.

  S3Client client() {
    try {
      return s3.join();
    } catch (CompletionException e) {
      throw errors.translate(e.getCause(), "connecting");
    }
  }

  String bucket() {
    return where.bucket();
  }

  String key(String name) {
    return where.prefix() + ObjectNames.check(name);
  }

  Tuning tuning() {
    return tuning;
  }

  S3Errors errors() {
    return errors;
  }

  ExecutorService pool() {
    return pool;
  }

  /** A new temporary key: {@code .vpo-tmp-<pid>-<random>-upload@<host>} under the prefix. */
  String newTempKey() {
    return where.prefix()
        + TempKeys.name(ProcessHandle.current().pid(), RANDOM.nextLong() & Long.MAX_VALUE);
  }

  static String sha256Of(HeadObjectResponse head) {
    return sha256Of(head.metadata());
  }

  private static String sha256Of(Map<String, String> metadata) {
    String v = metadata.get(SHA256_METADATA);
    return v == null ? null : v.toLowerCase(Locale.ROOT);
  }

  /** Notes the SHA-256 the metadata of a GET of {@code key} gave. */
  void sawMetadata(String key, Map<String, String> metadata) {
    String sha = sha256Of(metadata);
    if (sha != null) {
      shaSeen.put(key, sha);
    }
  }

  @Override
  public String knownSha256(String name) {
    return shaSeen.get(key(name));
  }

  /** Names of temporary keys, and which process on which host made them. */
  static final class TempKeys {
    static final String UNKNOWN_HOST = "unknown-host";
    private static volatile String host;

    private TempKeys() {}

    record Owner(long pid, String host) {}

    static String name(long pid, long random) {
      return TEMP_PREFIX + pid + "-" + Long.toHexString(random) + "-upload@" + thisHost();
    }

    /** The owner encoded in a temporary name, or null if {@code name} is not one of vpo's. */
    static Owner owner(String name) {
      if (!name.startsWith(TEMP_PREFIX)) {
        return null;
      }
      int dash = name.indexOf('-', TEMP_PREFIX.length());
      int at = name.lastIndexOf("-upload@");
      if (dash < 0 || at < 0) {
        return null;
      }
      try {
        return new Owner(
            Long.parseLong(name.substring(TEMP_PREFIX.length(), dash)),
            name.substring(at + "-upload@".length()));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** This machine's host name, for telling its own stale uploads from another machine's. */
    static String thisHost() {
      String h = host;
      if (h == null) {
        h = sanitize(readHostName());
        host = h;
      }
      return h;
    }

    private static String readHostName() {
      try {
        return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        // Not Linux: ask the system.
      }
      try {
        Process p = new ProcessBuilder("hostname").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return out;
        }
      } catch (IOException e) {
        // Fall through.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return UNKNOWN_HOST;
    }

    private static String sanitize(String raw) {
      String s = raw.strip().replaceAll("[^A-Za-z0-9.-]", "_");
      return s.isEmpty() ? UNKNOWN_HOST : s.length() > 100 ? s.substring(0, 100) : s;
    }
  }

  /** Metadata written with every upload: the writer's host and process, for people reading it. */
  static Map<String, String> writerMetadata() {
    return Map.of(
        "vpo-host", TempKeys.thisHost(), "vpo-pid", Long.toString(ProcessHandle.current().pid()));
  }
}
