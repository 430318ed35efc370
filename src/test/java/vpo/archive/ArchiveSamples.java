package vpo.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import vpo.progress.ProgressListener;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ArchiveBuilder.Entry;

/**
 * What the archive layer's tests archive and compare: database-like bytes, one metadata document,
 * and vpo's own archive of them ({@link ArchiveWriter}). Archives built independently of vpo, valid
 * or damaged, come from {@link ArchiveBuilder}.
 */
final class ArchiveSamples {
  static final Instant CREATED_AT = Instant.parse("2026-02-05T14:30:22Z");

  static final byte[] METADATA =
      ("{\"vpo_version\": \"0.1.0\", \"schema_version\": 27,"
              + " \"created_at\": \"2026-02-05T14:30:22Z\", \"database_size_bytes\": 0,"
              + " \"file_count\": 12, \"total_library_size_bytes\": 345,"
              + " \"compression\": \"gzip\"}")
          .getBytes(StandardCharsets.UTF_8);

  private ArchiveSamples() {}

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

  /** {@link #METADATA} as the archive's metadata entry, for {@link ArchiveBuilder#tar}. */
  static Entry metadataEntry() {
    return Entry.file(ArchiveLayout.METADATA_ENTRY, METADATA);
  }

  /** {@code database} as the archive's database entry, for {@link ArchiveBuilder#tar}. */
  static Entry databaseEntry(byte[] database) {
    return Entry.file(ArchiveLayout.DATABASE_ENTRY, database);
  }
}
