package vpo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import vpo.progress.ProgressListener;

/**
 * Writes a backup archive, format 1: a ustar stream of {@code backup_metadata.json} then {@code
 * library.db}, compressed by {@link ParallelGzipOutputStream}. Values that do not fit ustar (a
 * database over 8 GiB) get PAX headers. Memory stays bounded whatever the database size.
 *
 * <p>The archive goes to a stream the caller owns: the caller picks the temporary file, syncs and
 * renames it; this class never closes it. On failure part of an archive may have been written and
 * the caller discards it.
 */
public final class ArchiveWriter {
  private static final int COPY_BUFFER_SIZE = 256 << 10;

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
   * Writes the whole archive to {@code out}, leaving it open and flushed.
   *
   * @param metadataJson bytes of {@code backup_metadata.json}
   * @param database the snapshot to archive; it must not change while being written
   * @param databaseSize its size, as recorded in the metadata; reading any other number of bytes
   *     from {@code database} fails the write
   * @param createdAt mtime of both entries (whole seconds)
   * @param progress told about database bytes as they are archived
   * @throws IOException if reading the database or writing {@code out} fails, or the database's
   *     size is not {@code databaseSize}
   */
  public void write(
      OutputStream out,
      byte[] metadataJson,
      Path database,
      long databaseSize,
      Instant createdAt,
      ProgressListener progress)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(metadataJson, "metadataJson");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(progress, "progress");
    if (databaseSize < 0) {
      throw new IllegalArgumentException("databaseSize must not be negative: " + databaseSize);
    }
    FileTime mtime = FileTime.from(createdAt.truncatedTo(ChronoUnit.SECONDS));
    progress.start("Writing archive", databaseSize);
    ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, level, threads, blockSize);
    boolean complete = false;
    try (InputStream databaseIn = Files.newInputStream(database)) {
      // Never closed: closing would close the caller's stream; finish() completes it instead.
      TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);

      tar.putArchiveEntry(entry(ArchiveLayout.METADATA_ENTRY, metadataJson.length, mtime));
      tar.write(metadataJson);
      tar.closeArchiveEntry();

      tar.putArchiveEntry(entry(ArchiveLayout.DATABASE_ENTRY, databaseSize, mtime));
      copyExactly(databaseIn, database, databaseSize, tar, progress);
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
      InputStream in, Path database, long size, OutputStream out, ProgressListener progress)
      throws IOException {
    byte[] buffer = new byte[COPY_BUFFER_SIZE];
    long remaining = size;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new IOException(
            database
                + " changed while being archived: it ended after "
                + (size - remaining)
                + " of "
                + size
                + " bytes");
      }
      out.write(buffer, 0, n);
      remaining -= n;
      progress.advance(n);
    }
    if (in.read() >= 0) {
      throw new IOException(
          database + " changed while being archived: it is longer than " + size + " bytes");
    }
  }
}
