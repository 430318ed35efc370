package vpo.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measurements of age encryption for the record (not a test: unit tests never time things). Run
 * with the test classpath, e.g. {@code java -XX:+UseSerialGC -Xmx192m -cp
 * target/classes:target/test-classes:JAGGED_JARS vpo.crypto.AgeMeasure MODE ...}:
 *
 * <ul>
 *   <li>{@code throughput MB REPS}: encrypt and decrypt MB of random bytes in memory; the first
 *       round is a cold JVM, as every vpo command is;
 *   <li>{@code listing DIR MB}: 20 encrypted and 20 plain files of MB each; reading the first 64
 *       KiB of plaintext of each, rounds alternating;
 *   <li>{@code backup ARCHIVE DIR REPS}: the ways a backup could write an encrypted archive to a
 *       file, against writing it plain, rounds alternating.
 * </ul>
 */
public final class AgeMeasure {
  private static final int BUFFER = 256 << 10;

  private AgeMeasure() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "throughput" -> throughput(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "listing" -> listing(Path.of(args[1]), Integer.parseInt(args[2]));
      case "backup" -> backup(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static void throughput(int megabytes, int reps) throws Exception {
    Path keyDir = Files.createTempDirectory("age-measure");
    Path key = keyDir.resolve("key.txt");
    Recipient recipient = Identity.generate(key);
    List<Identity> identities = Identity.readFile(key);
    byte[] plain = new byte[megabytes << 20];
    new Random(1).nextBytes(plain);
    ByteArrayOutputStream encrypted = new ByteArrayOutputStream(plain.length + (1 << 20));
    for (int rep = 0; rep < reps; rep++) {
      encrypted.reset();
      long t0 = System.nanoTime();
      long c0 = cpuNanos();
      try (OutputStream out = AgeEncryption.encrypt(encrypted, List.of(recipient))) {
        for (int off = 0; off < plain.length; off += BUFFER) {
          out.write(plain, off, Math.min(BUFFER, plain.length - off));
        }
      }
      long t1 = System.nanoTime();
      long c1 = cpuNanos();
      byte[] bytes = encrypted.toByteArray();
      long t2 = System.nanoTime();
      long c2 = cpuNanos();
      long total = 0;
      try (InputStream in =
          AgeEncryption.decrypt(new ByteArrayInputStream(bytes), identities, "m")) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          total += n;
        }
      }
      long t3 = System.nanoTime();
      long c3 = cpuNanos();
      if (total != plain.length) {
        throw new AssertionError("decrypted " + total);
      }
      System.out.printf(
          "round %d: encrypt %.0f MB/s (cpu %.0f MB/s), decrypt %.0f MB/s (cpu %.0f MB/s)%n",
          rep + 1,
          megabytes / ((t1 - t0) / 1e9),
          megabytes / ((c1 - c0) / 1e9),
          megabytes / ((t3 - t2) / 1e9),
          megabytes / ((c3 - c2) / 1e9));
    }
  }

  private static void listing(Path dir, int megabytes) throws Exception {
    Files.createDirectories(dir);
    Path key = dir.resolve("key.txt");
    if (!Files.exists(key)) {
      Identity.generate(key);
    }
    List<Identity> identities = Identity.readFile(key);
    Recipient recipient = Recipient.parse(Files.readAllLines(key).get(1).substring(14));
    List<Path> plainFiles = new ArrayList<>();
    List<Path> encryptedFiles = new ArrayList<>();
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < 20; i++) {
      Path plain = dir.resolve("plain-" + i + ".tar.gz");
      Path encrypted = dir.resolve("encrypted-" + i + ".tar.gz.age");
      if (!Files.exists(encrypted)) {
        Random random = new Random(i);
        try (OutputStream p = Files.newOutputStream(plain);
            OutputStream e =
                AgeEncryption.encrypt(Files.newOutputStream(encrypted), List.of(recipient))) {
          for (int m = 0; m < megabytes; m++) {
            random.nextBytes(block);
            p.write(block);
            e.write(block);
          }
        }
      }
      plainFiles.add(plain);
      encryptedFiles.add(encrypted);
    }
    byte[] head = new byte[64 << 10];
    for (int round = 0; round < 7; round++) {
      long t0 = System.nanoTime();
      for (Path p : plainFiles) {
        try (InputStream in = Files.newInputStream(p)) {
          in.readNBytes(head, 0, head.length);
        }
      }
      long t1 = System.nanoTime();
      for (Path p : encryptedFiles) {
        try (InputStream in =
            AgeEncryption.decrypt(
                Files.newInputStream(p), identities, p.getFileName().toString())) {
          in.readNBytes(head, 0, head.length);
        }
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "round %d: 20 plain heads %.1f ms, 20 encrypted heads %.1f ms%n",
          round + 1, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
  }

  /**
   * The plain archive is already in memory (in a real backup the compressor produces it); what is
   * timed is everything from there to a durable file.
   */
  private static void backup(Path archive, Path dir, int reps) throws Exception {
    Files.createDirectories(dir);
    byte[] bytes = Files.readAllBytes(archive);
    Path key = dir.resolve("key.txt");
    if (!Files.exists(key)) {
      Identity.generate(key);
    }
    Recipient recipient = Recipient.parse(Files.readAllLines(key).get(1).substring(14));
    String[] names = {"plain", "encrypt while writing", "plain temp, then encrypt"};
    List<List<Double>> wall = new ArrayList<>();
    List<List<Double>> cpu = new ArrayList<>();
    for (int v = 0; v < names.length; v++) {
      wall.add(new ArrayList<>());
      cpu.add(new ArrayList<>());
    }
    for (int rep = 0; rep < reps; rep++) {
      for (int v = 0; v < names.length; v++) {
        Path target = dir.resolve("out-" + v);
        Files.deleteIfExists(target);
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        switch (v) {
          case 0 -> {
            try (FileChannel ch = create(target)) {
              writeAll(Channels.newOutputStream(ch), bytes);
              ch.force(true);
            }
          }
          case 1 -> {
            try (FileChannel ch = create(target)) {
              OutputStream file = Channels.newOutputStream(ch);
              EncryptingOutputStream out = AgeEncryption.encrypt(file, List.of(recipient));
              writeAll(out, bytes);
              out.finish();
              ch.force(true);
            }
          }
          default -> {
            Path temp = dir.resolve("plain-temp");
            try (FileChannel ch = create(temp)) {
              writeAll(Channels.newOutputStream(ch), bytes); // not synced: it is thrown away
            }
            try (FileChannel ch = create(target);
                InputStream in = Files.newInputStream(temp)) {
              EncryptingOutputStream out =
                  AgeEncryption.encrypt(Channels.newOutputStream(ch), List.of(recipient));
              in.transferTo(out);
              out.finish();
              ch.force(true);
            }
            Files.delete(temp);
          }
        }
        long t1 = System.nanoTime();
        long c1 = cpuNanos();
        wall.get(v).add((t1 - t0) / 1e6);
        cpu.get(v).add((c1 - c0) / 1e6);
      }
    }
    for (int v = 0; v < names.length; v++) {
      System.out.printf(
          "%-26s wall median %.0f ms (all: %s), cpu median %.0f ms%n",
          names[v],
          median(wall.get(v)),
          wall.get(v).stream().map(d -> String.format("%.0f", d)).toList(),
          median(cpu.get(v)));
    }
  }

  private static FileChannel create(Path p) throws IOException {
    return FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static void writeAll(OutputStream out, byte[] bytes) throws IOException {
    for (int off = 0; off < bytes.length; off += BUFFER) {
      out.write(bytes, off, Math.min(BUFFER, bytes.length - off));
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
