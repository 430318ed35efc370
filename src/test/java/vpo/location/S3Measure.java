package vpo.location;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;
import vpo.archive.ArchiveWriter;
import vpo.progress.ProgressListener;

/**
 * Figures measured by hand, not a test (unit tests never time things). Modes:
 *
 * <ul>
 *   <li>{@code server}: runs s3proxy and prints its endpoint, until killed;
 *   <li>{@code upload ENDPOINT MB...}: uploads incompressible archives of those sizes, head last,
 *       and times the phases (to a local directory too, for comparison);
 *   <li>{@code startup ENDPOINT}: client creation and first request, for a cold JVM;
 *   <li>{@code listing ENDPOINT}: 20 archives listed (LIST + HEADs) and their first 64 KiB read;
 *   <li>{@code backup ENDPOINT DBFILE}: the real archive writer compresses DBFILE straight into an
 *       S3 upload, as a backup would (run it under /usr/bin/time -v for the peak RSS).
 * </ul>
 */
public final class S3Measure {
  private S3Measure() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "server" -> server();
      case "upload" -> upload(URI.create(args[1]), args);
      case "startup" -> startup(URI.create(args[1]));
      case "listing" -> listing(URI.create(args[1]));
      case "backup" -> backup(URI.create(args[1]), Path.of(args[2]));
      case "makedb" -> makeDb(Path.of(args[1]), Long.parseLong(args[2]) << 20);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void server() throws InterruptedException {
    S3TestServer server = S3TestServer.get();
    System.out.println(server.endpoint + " " + server.newBucket());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static S3Location open(URI endpoint, String bucket) throws IOException {
    Path home = Files.createTempDirectory("vpo-measure-home");
    return S3Location.open(
        new LocationUri.S3Prefix(bucket, "vpo/"), S3TestServer.settings(endpoint, home));
  }

  private static String bucket(URI endpoint) {
    String bucket = "measure-" + ProcessHandle.current().pid();
    S3TestServer.client(endpoint, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)
        .createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  private static void logPhases() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("  log: %msg %kvp%n");
    encoder.start();
    ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger logger = context.getLogger("vpo.location");
    logger.setLevel(Level.INFO);
    logger.addAppender(console);
  }

  private static void upload(URI endpoint, String[] args) throws IOException {
    logPhases();
    String bucket = bucket(endpoint);
    Path localDir = Files.createTempDirectory("vpo-measure-local");
    try (S3Location s3 = open(endpoint, bucket);
        LocalDirectory local = new LocalDirectory(localDir)) {
      for (int round = 0; round < 2; round++) {
        for (int i = 2; i < args.length; i++) {
          long size = Long.parseLong(args[i]) << 20;
          for (BackupLocation l : List.of(local, s3)) {
            long t0 = System.nanoTime();
            long[] body = new long[1];
            StoredObject o;
            try (Upload u = l.createAutoNamed(n -> "m-" + size + "-" + n + ".tar.gz")) {
              OutputStream out = u.body(700);
              writeRandom(out, size - 700);
              body[0] = System.nanoTime();
              u.head(new byte[700]);
              o = u.commit();
            }
            long t1 = System.nanoTime();
            System.out.printf(
                "%s round %d: %d MB: total %.2f s (%.0f MB/s), body %.2f s, commit %.2f s%n",
                l instanceof S3Location ? "s3" : "local",
                round,
                size >> 20,
                (t1 - t0) / 1e9,
                size / 1e6 / ((t1 - t0) / 1e9),
                (body[0] - t0) / 1e9,
                (t1 - body[0]) / 1e9);
            l.delete(o.name());
          }
        }
      }
    }
  }

  private static void writeRandom(OutputStream out, long size) throws IOException {
    byte[] block = new byte[1 << 16];
    SplittableRandom r = new SplittableRandom(size);
    for (long done = 0; done < size; ) {
      for (int i = 0; i < block.length; i += 8) {
        long v = r.nextLong();
        for (int j = 0; j < 8; j++) {
          block[i + j] = (byte) (v >>> (8 * j));
        }
      }
      int n = (int) Math.min(block.length, size - done);
      out.write(block, 0, n);
      done += n;
    }
  }

  private static void startup(URI endpoint) throws IOException {
    long jvmStart =
        ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    long t0 = System.nanoTime();
    long sinceStart = System.currentTimeMillis() - jvmStart;
    S3Settings settings =
        S3TestServer.settings(endpoint, Files.createTempDirectory("vpo-measure-home"));
    long t1 = System.nanoTime();
    try (S3Location l =
        S3Location.open(new LocationUri.S3Prefix("startup-bucket", "vpo/"), settings)) {
      long t2 = System.nanoTime();
      try {
        l.exists("x.tar.gz");
      } catch (LocationUnavailableException e) {
        // A missing bucket is fine: the request was made.
      }
      long t3 = System.nanoTime();
      System.out.printf(
          "main reached %d ms after JVM start; settings %.1f ms; client %.1f ms; first request"
              + " %.1f ms%n",
          sinceStart, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
  }

  private static void listing(URI endpoint) throws Exception {
    String bucket = bucket(endpoint);
    try (S3Location l = open(endpoint, bucket)) {
      byte[] data = new byte[1 << 20];
      new SplittableRandom(1).nextBytes(data);
      for (int i = 1; i <= 20; i++) {
        try (Upload u = l.create("vpo-library-" + i + ".tar.gz", false)) {
          OutputStream out = u.body(700);
          out.write(data, 700, data.length - 700);
          u.head(java.util.Arrays.copyOf(data, 700));
          u.commit();
        }
      }
      for (int round = 0; round < 5; round++) {
        long t0 = System.nanoTime();
        List<StoredObject> all = l.list();
        long t1 = System.nanoTime();
        for (StoredObject o : all) {
          try (InputStream in = l.readRange(o.name(), 0, 65536)) {
            in.readAllBytes();
          }
        }
        long t2 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<byte[]>> heads = new ArrayList<>();
        for (StoredObject o : all) {
          heads.add(
              pool.submit(
                  () -> {
                    try (InputStream in = l.readRange(o.name(), 0, 65536)) {
                      return in.readAllBytes();
                    }
                  }));
        }
        for (Future<byte[]> f : heads) {
          f.get();
        }
        long t3 = System.nanoTime();
        pool.shutdown();
        System.out.printf(
            "round %d: list of %d (LIST + HEADs) %.1f ms; 20 ranged reads of 64 KiB: %.1f ms one"
                + " after another, %.1f ms 8 at a time%n",
            round, all.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
      }
    }
  }

  /** A file that compresses like a library database: text-like records, about 4:1. */
  private static void makeDb(Path file, long size) throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    String[] words = {
      "/media/movies/",
      "/media/tv/",
      "Season ",
      "Episode ",
      ".mkv",
      ".mp4",
      "h264",
      "hevc",
      "aac",
      "eng",
      "ger",
      "1080p",
      "2160p",
      "completed",
      "pending",
      "{\"codec\":",
      "\"bitrate\":"
    };
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      StringBuilder sb = new StringBuilder();
      long written = 0;
      while (written < size) {
        sb.setLength(0);
        for (int i = 0; i < 200; i++) {
          sb.append(words[r.nextInt(words.length)]).append(r.nextInt(100_000)).append(' ');
          sb.append(Long.toHexString(r.nextLong()).substring(0, 4)).append('|');
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
        int n = (int) Math.min(b.length, size - written);
        out.write(b, 0, n);
        written += n;
      }
    }
  }

  private static void backup(URI endpoint, Path db) throws Exception {
    logPhases();
    boolean local = endpoint.toString().equals("local");
    long size = Files.size(db);
    Instant created = Instant.now();
    byte[] json = ("{\"x\":\"" + "0".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    try (BackupLocation l =
            local
                ? new LocalDirectory(Files.createTempDirectory("vpo-measure-backup"))
                : open(endpoint, bucket(endpoint));
        Upload u = l.createAutoNamed(n -> "vpo-library-backup-" + n + ".tar.gz")) {
      new ArchiveWriter(6, Runtime.getRuntime().availableProcessors())
          .write(
              u,
              db,
              size,
              created,
              ProgressListener.NONE,
              new ArchiveWriter.MetadataSource() {
                @Override
                public byte[] draft() {
                  return json;
                }

                @Override
                public byte[] complete(String databaseSha256) {
                  return json;
                }
              });
      long t1 = System.nanoTime();
      StoredObject o = u.commit();
      long t2 = System.nanoTime();
      System.out.printf(
          "backup of %d MB: archive %d MB, compress+upload %.1f s, commit %.1f s, total %.1f s%n",
          size >> 20, o.sizeBytes() >> 20, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
    }
  }
}
