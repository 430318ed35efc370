package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import vpo.progress.ProgressListener;
import vpo.testing.ArchiveBuilder;

/** Builds archives, well-formed and damaged, and runs the stock tools that must read them. */
final class ArchiveFixtures {
  static final Instant CREATED_AT = Instant.parse("2026-02-05T14:30:22Z");

  static final byte[] METADATA =
      ("{\"vpo_version\": \"0.1.0\", \"schema_version\": 27,"
              + " \"created_at\": \"2026-02-05T14:30:22Z\", \"database_size_bytes\": 0,"
              + " \"file_count\": 12, \"total_library_size_bytes\": 345,"
              + " \"compression\": \"gzip\"}")
          .getBytes(StandardCharsets.UTF_8);

  private ArchiveFixtures() {}

  /**
   * Bytes shaped like a SQLite file: 4 KiB pages of text records (paths, codecs, sizes) growing
   * from the page end, with zeros in between, so it compresses about as a real library does.
   */
  static byte[] sqliteLike(int size, long seed) {
    Random random = new Random(seed);
    String[] codecs = {"h264", "hevc", "av1", "aac", "opus", "ac3", "subrip"};
    byte[] out = new byte[size];
    for (int page = 0; page * 4096 < size; page++) {
      int pageStart = page * 4096;
      int pageEnd = Math.min(size, pageStart + 4096);
      int fill = pageEnd - (int) ((pageEnd - pageStart) * (0.5 + random.nextDouble() * 0.5));
      int at = pageEnd;
      while (at > fill) {
        String record =
            "/media/library/Show "
                + random.nextInt(400)
                + "/Season "
                + random.nextInt(12)
                + "/episode_"
                + random.nextInt(30)
                + ".mkv"
                + (char) random.nextInt(32)
                + codecs[random.nextInt(codecs.length)]
                + random.nextLong();
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        int start = Math.max(fill, at - bytes.length);
        System.arraycopy(bytes, 0, out, start, at - start);
        at = start;
      }
      if (pageEnd - pageStart > 8) {
        out[pageStart] = 0x0d;
        out[pageStart + 3] = (byte) random.nextInt(256);
      }
    }
    return out;
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** A vpo archive of {@code database} written by {@link ArchiveWriter}. */
  static byte[] vpoArchive(Path dir, byte[] database, int threads, int blockSize)
      throws IOException {
    Path db = Files.write(dir.resolve("snapshot-" + System.nanoTime() + ".db"), database);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ArchiveWriter(6, threads, blockSize)
        .write(out, METADATA, db, database.length, CREATED_AT, ProgressListener.NONE);
    Files.delete(db);
    return out.toByteArray();
  }

  /** One tar entry to build into a test archive. */
  record Entry(String name, byte type, byte[] data, String linkName) {
    static Entry file(String name, byte[] data) {
      return new Entry(name, TarConstants.LF_NORMAL, data, null);
    }

    static Entry link(String name, byte type, String target) {
      return new Entry(name, type, new byte[0], target);
    }

    static Entry special(String name, byte type) {
      return new Entry(name, type, new byte[0], null);
    }
  }

  static Entry metadataEntry() {
    return Entry.file(ArchiveLayout.METADATA_ENTRY, METADATA);
  }

  static Entry databaseEntry(byte[] database) {
    return Entry.file(ArchiveLayout.DATABASE_ENTRY, database);
  }

  /** An uncompressed tar of the entries, with the end-of-archive blocks. */
  static byte[] tar(Entry... entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
        if (e.linkName() != null) {
          entry.setLinkName(e.linkName());
        }
        entry.setSize(e.type() == TarConstants.LF_NORMAL ? e.data().length : 0);
        entry.setMode(0600);
        entry.setModTime(CREATED_AT.toEpochMilli());
        tar.putArchiveEntry(entry);
        if (e.type() == TarConstants.LF_NORMAL) {
          tar.write(e.data());
        }
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  /**
   * A tar entry that gives the entry after it a {@code length}-character name of {@code n}s: a GNU
   * long-name entry ({@code 'L'}), or a pax header ({@code 'x'}) with a {@code path} record. Built
   * by hand ({@link ArchiveBuilder#header}): commons-compress takes minutes to write a name of a
   * megabyte.
   */
  static byte[] longNameFor(byte type, int length) {
    byte[] data;
    if (type == TarConstants.LF_GNUTYPE_LONGNAME) {
      data = concat("n".repeat(length).getBytes(StandardCharsets.US_ASCII), new byte[1]);
    } else {
      String tail = " path=" + "n".repeat(length) + "\n";
      int size = tail.length() + String.valueOf(tail.length()).length();
      size = tail.length() + String.valueOf(size).length();
      data = (size + tail).getBytes(StandardCharsets.US_ASCII);
    }
    String name = type == TarConstants.LF_GNUTYPE_LONGNAME ? "././@LongLink" : "PaxHeader";
    byte[] header =
        ArchiveBuilder.header(new ArchiveBuilder.Entry(name, (char) type, data, ""), data.length);
    return concat(header, data, new byte[ArchiveBuilder.padding(data.length)]);
  }

  /** One ordinary gzip member without the VP subfield, as every other writer makes. */
  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * A gzip member seen independently of the code under test: where it starts, its real length
   * (found by inflating), and its VP value (-1 without one).
   */
  record Member(int start, int length, long recordedLength, int headerLength) {}

  static List<Member> members(byte[] gz) throws DataFormatException {
    List<Member> members = new ArrayList<>();
    int at = 0;
    while (at < gz.length) {
      assertThat(gz[at] & 0xff).isEqualTo(0x1f);
      assertThat(gz[at + 1] & 0xff).isEqualTo(0x8b);
      int flags = gz[at + 3] & 0xff;
      int p = at + 10;
      long recorded = -1;
      if ((flags & 4) != 0) {
        int xlen = (gz[p] & 0xff) | (gz[p + 1] & 0xff) << 8;
        int q = p + 2;
        while (q < p + 2 + xlen) {
          int len = (gz[q + 2] & 0xff) | (gz[q + 3] & 0xff) << 8;
          if (gz[q] == 'V' && gz[q + 1] == 'P') {
            recorded =
                (gz[q + 4] & 0xffL)
                    | (gz[q + 5] & 0xffL) << 8
                    | (gz[q + 6] & 0xffL) << 16
                    | (gz[q + 7] & 0xffL) << 24;
          }
          q += 4 + len;
        }
        p += 2 + xlen;
      }
      if ((flags & 8) != 0) {
        while (gz[p++] != 0) {}
      }
      Inflater inflater = new Inflater(true);
      inflater.setInput(gz, p, gz.length - p);
      byte[] sink = new byte[64 << 10];
      while (!inflater.finished()) {
        inflater.inflate(sink);
      }
      int end = gz.length - inflater.getRemaining() + 8;
      inflater.end();
      members.add(new Member(at, end - at, recorded, p - at));
      at = end;
    }
    return members;
  }

  /** Output and exit code of a finished child process. */
  record Run(int exitCode, String stdout, String stderr) {}

  static Run run(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> copyQuietly(process.getErrorStream(), stderr));
    errReader.start();
    process.getInputStream().transferTo(stdout);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    errReader.join();
    return new Run(
        process.exitValue(),
        stdout.toString(StandardCharsets.UTF_8),
        stderr.toString(StandardCharsets.UTF_8));
  }

  private static void copyQuietly(java.io.InputStream in, OutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process died; its exit code tells the story
    }
  }

  /** Waits for this package's worker threads to end and reports any still alive. */
  static List<String> liveWorkerThreads() throws InterruptedException {
    List<String> alive = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("vpo-gzip-") || name.startsWith("vpo-gunzip-")) {
        thread.join(10_000);
        if (thread.isAlive()) {
          alive.add(name);
        }
      }
    }
    return alive;
  }
}
