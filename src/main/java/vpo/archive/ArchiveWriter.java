package vpo.archive;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import vpo.fs.ByteSizes;
import vpo.progress.ProgressListener;

/**
 * Writes a backup archive, format 1: a ustar stream of {@code backup_metadata.json} then {@code
 * library.db}. The metadata's entry is the first gzip member, stored uncompressed so that its
 * length is known in advance ({@link #head}): the body, compressed by {@link
 * ParallelGzipOutputStream} ({@link #writeBody}), can then be written first, after room left for
 * the head, while the metadata is still being completed. The layout is this class's alone: callers
 * hand over the database and a {@link MetadataSource}, and an {@link ArchiveSink} or a stream.
 * Values that do not fit ustar (a database over 8 GiB) get PAX headers. Memory stays bounded
 * whatever the database size.
 *
 * <p>The archive goes to a sink or stream the caller owns: the caller picks the temporary file,
 * syncs and renames it; this class never closes it. On failure part of an archive may have been
 * written and the caller discards it.
 */
public final class ArchiveWriter {
  private static final int COPY_BUFFER_SIZE = 256 << 10;
  private static final int TAR_RECORD = 512;

  private final int level;
  private final int threads;
  private final int blockSize;

  /** Level 6, 4 MiB blocks, one thread per available processor. */
  public ArchiveWriter() {
    this(ParallelGzipOutputStream.DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors());
  }

  public ArchiveWriter(int level, int threads) {
    this(level, threads, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
  }

  /** See {@link ParallelGzipOutputStream} for the allowed values. */
  public ArchiveWriter(int level, int threads, int blockSize) {
    // Refuses bad values now rather than at the first backup.
    ParallelGzipOutputStream.checkSettings(level, threads, blockSize);
    this.level = level;
    this.threads = threads;
    this.blockSize = blockSize;
  }

  /**
   * The metadata of an archive being written. It is complete only once the database is, since it
   * records the database's SHA-256 (and whatever else the caller learns meanwhile).
   */
  public interface MetadataSource {
    /**
     * The metadata as expected when nothing unusual turns up, with any 64-digit database digest:
     * room is left for exactly this many bytes.
     */
    byte[] draft();

    /** The final metadata, given the database entry's SHA-256 in lowercase hex. */
    byte[] complete(String databaseSha256) throws IOException;
  }

  /**
   * What was written.
   *
   * @param databaseSha256 lowercase hex SHA-256 of the database entry
   * @param metadataJson the metadata entry
   */
  public record Written(String databaseSha256, byte[] metadataJson) {}

  /**
   * Writes the archive to {@code sink} with the database compressed first, after room left for the
   * head, and the head written last into that room: the database's digest is taken from the bytes
   * being compressed, and the metadata is completed only then. Metadata longer or shorter than its
   * draft (a rare finding recorded in it) has the archive written again, in order.
   *
   * @param database the snapshot to archive; it must not change while being written
   * @param databaseSize its size; reading any other number of bytes fails the write
   * @param createdAt mtime of both entries (whole seconds)
   * @param progress told about database bytes as they are archived
   * @throws IOException if reading the database or writing the sink fails, or the database's size
   *     is not {@code databaseSize}
   */
  public Written write(
      ArchiveSink sink,
      Path database,
      long databaseSize,
      Instant createdAt,
      ProgressListener progress,
      MetadataSource metadata)
      throws IOException {
    byte[] draft = metadata.draft();
    MessageDigest digest = Digests.sha256();
    OutputStream body = new BufferedOutputStream(sink.body(headLength(draft.length)), 1 << 16);
    writeBody(body, database, databaseSize, createdAt, progress, digest);
    body.flush();
    String databaseSha256 = HexFormat.of().formatHex(digest.digest());
    byte[] json = metadata.complete(databaseSha256);
    if (json.length == draft.length) {
      sink.head(head(json, createdAt));
    } else {
      OutputStream all = new BufferedOutputStream(sink.restart(), 1 << 16);
      write(all, json, database, databaseSize, createdAt, progress);
      all.flush();
    }
    return new Written(databaseSha256, json);
  }

  /**
   * Writes the archive to {@code out} in order, for a destination that cannot be written out of
   * order (a pipe): the database is read once for its digest first, then the metadata is completed
   * and the archive streamed. Leaves {@code out} open and flushed.
   *
   * @see #write(ArchiveSink, Path, long, Instant, ProgressListener, MetadataSource)
   */
  public Written writeInOrder(
      OutputStream out,
      Path database,
      long databaseSize,
      Instant createdAt,
      ProgressListener progress,
      MetadataSource metadata)
      throws IOException {
    String databaseSha256 = Digests.sha256(database);
    byte[] json = metadata.complete(databaseSha256);
    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    write(buffered, json, database, databaseSize, createdAt, progress);
    buffered.flush();
    return new Written(databaseSha256, json);
  }

  /**
   * Writes the whole archive to {@code out} in order, with metadata known in advance, leaving it
   * open: {@link #head} then {@link #writeBody}.
   */
  public void write(
      OutputStream out,
      byte[] metadataJson,
      Path database,
      long databaseSize,
      Instant createdAt,
      ProgressListener progress)
      throws IOException {
    out.write(head(metadataJson, createdAt));
    writeBody(out, database, databaseSize, createdAt, progress, null);
  }

  /**
   * The archive's first gzip member: {@code backup_metadata.json}'s tar entry, in stored
   * (uncompressed) deflate blocks. Its length is {@link #headLength} of the metadata's length, so
   * the body can be written first, after room left for it, while the metadata is still unknown.
   */
  static byte[] head(byte[] metadataJson, Instant createdAt) throws IOException {
    Objects.requireNonNull(metadataJson, "metadataJson");
    if (metadataJson.length > ArchiveLayout.MAX_METADATA_SIZE) {
      throw new IllegalArgumentException(
          "metadata of " + metadataJson.length + " bytes is over the format's limit");
    }
    ByteArrayOutputStream tarBytes = new ByteArrayOutputStream(metadataJson.length + 1024);
    // Never finished: the body's stream continues this tar stream and ends it.
    TarArchiveOutputStream tar = tarStream(tarBytes);
    tar.putArchiveEntry(entry(ArchiveLayout.METADATA_ENTRY, metadataJson.length, mtime(createdAt)));
    tar.write(metadataJson);
    tar.closeArchiveEntry();
    tar.flush();
    byte[] entry = tarBytes.toByteArray();
    if (entry.length != tarLength(metadataJson.length)) {
      throw new IllegalStateException(
          "metadata entry is " + entry.length + " bytes, not " + tarLength(metadataJson.length));
    }
    return GzipMemberEncoder.stored(entry, entry.length);
  }

  /** The length of {@link #head} for metadata of {@code metadataLength} bytes. */
  static int headLength(int metadataLength) {
    return GzipMemberEncoder.storedMemberLength(tarLength(metadataLength));
  }

  /** A ustar header, then the content padded to whole 512-byte records. */
  private static int tarLength(int contentLength) {
    return TAR_RECORD + (contentLength + TAR_RECORD - 1) / TAR_RECORD * TAR_RECORD;
  }

  /**
   * Writes the rest of the archive after {@link #head}: {@code library.db}'s tar entry and the
   * end-of-archive blocks, compressed in parallel members. Leaves {@code out} open and flushed.
   *
   * @param databaseDigest when not null, updated with every database byte as it is read
   * @see #write
   */
  void writeBody(
      OutputStream out,
      Path database,
      long databaseSize,
      Instant createdAt,
      ProgressListener progress,
      MessageDigest databaseDigest)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(progress, "progress");
    if (databaseSize < 0) {
      throw new IllegalArgumentException("databaseSize must not be negative: " + databaseSize);
    }
    progress.start("Writing archive", databaseSize);
    ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, level, threads, blockSize);
    boolean complete = false;
    try (InputStream databaseIn = Files.newInputStream(database)) {
      // Never closed: closing would close the caller's stream; finish() completes it instead.
      TarArchiveOutputStream tar = tarStream(gzip);
      tar.putArchiveEntry(entry(ArchiveLayout.DATABASE_ENTRY, databaseSize, mtime(createdAt)));
      copyExactly(databaseIn, database, databaseSize, tar, progress, databaseDigest);
      tar.closeArchiveEntry();
      tar.finish();
      gzip.finish();
      complete = true;
    } finally {
      if (!complete) {
        gzip.abort();
      }
      progress.finish();
    }
  }

  private static TarArchiveOutputStream tarStream(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    return tar;
  }

  private static FileTime mtime(Instant createdAt) {
    return FileTime.from(createdAt.truncatedTo(ChronoUnit.SECONDS));
  }

  private static TarArchiveEntry entry(String name, long size, FileTime mtime) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL, true);
    entry.setSize(size);
    entry.setMode(ArchiveLayout.ENTRY_MODE);
    entry.setUserId(0L);
    entry.setGroupId(0L);
    // The constructor fills in the local user's name; archives name nobody.
    entry.setUserName("");
    entry.setGroupName("");
    entry.setModTime(mtime);
    return entry;
  }

  /** Copies exactly {@code size} bytes and proves the file holds no more. */
  private static void copyExactly(
      InputStream in,
      Path database,
      long size,
      OutputStream out,
      ProgressListener progress,
      MessageDigest digest)
      throws IOException {
    byte[] buffer = new byte[COPY_BUFFER_SIZE];
    long remaining = size;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new IOException(
            database
                + " changed while being archived: it ended after "
                + ByteSizes.exact(size - remaining)
                + " of "
                + ByteSizes.exact(size));
      }
      out.write(buffer, 0, n);
      if (digest != null) {
        digest.update(buffer, 0, n);
      }
      remaining -= n;
      progress.advance(n);
    }
    if (in.read() >= 0) {
      throw new IOException(
          database + " changed while being archived: it is longer than " + ByteSizes.exact(size));
    }
  }
}
