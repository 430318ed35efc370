package vpo.location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for the tests: s3proxy on 127.0.0.1 (a free port) with its filesystem storage in
 * a temp directory, started once per test JVM on first use and stopped when the JVM exits. Each
 * test takes a fresh bucket. A plain SDK client ({@link #inspector}) looks at what the store holds,
 * independently of the code under test. Public for the command-line tests, which run vpo against it
 * with {@link #env} as the user's environment.
 */
public final class S3TestServer {
  public static final String ACCESS_KEY = "vpo-test-access-key";
  public static final String SECRET_KEY = "vpo-test-secret-key-0123456789";
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3TestServer instance;

  public final URI endpoint;
  public final int port;
  private final BlobStore blobStore;
  private final S3Client inspector;

  private S3TestServer(URI endpoint, int port, BlobStore blobStore) {
    this.endpoint = endpoint;
    this.port = port;
    this.blobStore = blobStore;
    this.inspector = client(endpoint, ACCESS_KEY, SECRET_KEY);
  }

  public static synchronized S3TestServer get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static S3TestServer start() {
    try {
      Path dir = Files.createTempDirectory("vpo-s3proxy-");
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", dir.toString());
      BlobStoreContext context =
          ContextBuilder.newBuilder("filesystem")
              .credentials("local", "local")
              .overrides(properties)
              .build(BlobStoreContext.class);
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(context.getBlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      for (int i = 0; i < 200 && !proxy.getState().equals("STARTED"); i++) {
        Thread.sleep(25);
      }
      int port = proxy.getPort();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      proxy.stop();
                    } catch (Exception ignored) {
                      // Exiting anyway.
                    }
                    context.close();
                    // Twice: the store may still be finishing a write when the first pass runs.
                    deleteTree(dir);
                    deleteTree(dir);
                  }));
      return new S3TestServer(URI.create("http://127.0.0.1:" + port), port, context.getBlobStore());
    } catch (Exception e) {
      throw new IllegalStateException("cannot start s3proxy", e);
    }
  }

  /** A new, empty bucket. */
  public String newBucket() {
    String name = "vpo-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    blobStore.createContainerInLocation(null, name);
    return name;
  }

  /** The environment a user of this server would have. */
  public Map<String, String> env() {
    return env(endpoint);
  }

  public static Map<String, String> env(URI endpoint) {
    return Map.of(
        "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
        "AWS_ENDPOINT_URL", endpoint.toString());
  }

  /** Settings for this server, through {@code endpoint} (the server itself, or a proxy to it). */
  static S3Settings settings(URI endpoint, Path home) {
    return S3Settings.resolve(env(endpoint), home, S3Settings.Config.NONE);
  }

  public S3Client inspector() {
    return inspector;
  }

  /** Every key in {@code bucket}, at any depth. */
  public List<String> keys(String bucket) {
    return inspector
        .listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build())
        .contents()
        .stream()
        .map(S3Object::key)
        // The filesystem store lists the directory holding keys as a key ending in '/'.
        .filter(k -> !k.endsWith("/"))
        .toList();
  }

  /** The bytes of {@code key} in {@code bucket}. */
  public byte[] bytes(String bucket, String key) {
    return inspector.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  /** The user metadata of {@code key} in {@code bucket} (without {@code x-amz-meta-}). */
  public Map<String, String> metadata(String bucket, String key) {
    return inspector.headObject(b -> b.bucket(bucket).key(key)).metadata();
  }

  /** Stores {@code bytes} as {@code key} in {@code bucket}, as another program would. */
  public void put(String bucket, String key, byte[] bytes) {
    inspector.putObject(
        b -> b.bucket(bucket).key(key),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
  }

  /** Unfinished multipart uploads in {@code bucket}. */
  public List<MultipartUpload> uploads(String bucket) {
    return inspector
        .listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(bucket).build())
        .uploads();
  }

  static S3Client client(URI endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
