package vpo.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import vpo.VpoException;
import vpo.fs.ByteSizes;
import vpo.fs.PrivateFiles;
import vpo.progress.ProgressListener;

/**
 * Reads backup archives, format 1, strictly and in one streaming pass.
 *
 * <p>Accepted: {@code backup_metadata.json} and {@code library.db} in either order (the Python VPO
 * writes the database first), both regular files, plus any other entries, which are skipped and
 * never extracted. Entry names match exactly: {@code ./library.db} or {@code /library.db} is not
 * {@code library.db}, and because stock {@code tar} would extract such a look-alike over the real
 * entry, an archive containing one is refused rather than ignored. Sparse entries are refused too:
 * neither VPO writes them, and their holes could make a small archive read as endless zeros.
 *
 * <p>Refused with {@link ArchiveInvalidException}: a missing entry, either name twice, either name
 * as anything but a regular file, a metadata entry over 1 MiB, an entry whose headers (with GNU
 * long names and pax records) take more than {@link #MAX_ENTRY_HEADER_BYTES}, any gzip or tar
 * error, a tar stream that stops without its end-of-archive marker (commons-compress alone would
 * take that for a clean end), and anything but zero bytes between that marker and the end of the
 * gzip stream. A real I/O error of the input or of the database target is thrown as the {@link
 * IOException} it is.
 *
 * <p>Nothing is ever written to a path taken from the archive: the database goes to the file the
 * caller names.
 */
public final class ArchiveReader {
  private static final int COPY_BUFFER_SIZE = 256 << 10;
  private static final int TAR_BLOCK = 512;

  /**
   * Most bytes one entry's headers may take, GNU long names and pax records included. commons-
   * compress holds those in memory whole, so without a limit a small archive declaring a long name
   * of a gigabyte would exhaust the heap; real names and records are a few hundred bytes.
   */
  static final int MAX_ENTRY_HEADER_BYTES = 1 << 20;

  /** How many of the database entry's first bytes {@link DatabaseCheck} is shown. */
  public static final int DATABASE_HEAD_BYTES = 16;

  /**
   * How far past a problem the gzip stream is read for its cause (see {@link #rootCause}): the rest
   * of the member that held it, which for vpo's members is at most one block. Unbounded, an archive
   * of a terabyte of compressed zeros would be inflated to its end before its first bytes were
   * refused. An archive from another writer is one member, whose CRC is checked only at its end:
   * past this much, the problem found first is reported.
   */
  static final long ROOT_CAUSE_LOOKAHEAD = GzipFormat.MAX_BLOCK_SIZE + (1 << 20);

  private final int threads;
  private final DatabaseCheck beforeDatabase;

  /** A look at the database entry before any of it is written; throws to refuse it. */
  @FunctionalInterface
  public interface DatabaseCheck {
    /**
     * @param declaredSize the entry's size, from its tar header
     * @param head its first {@link #DATABASE_HEAD_BYTES} bytes, or all of it when shorter
     */
    void check(long declaredSize, byte[] head) throws IOException;
  }

  /** Inflates on one thread per available processor. */
  public ArchiveReader() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** Inflates vpo's multi-member archives on {@code threads} worker threads. */
  public ArchiveReader(int threads) {
    this(threads, (size, head) -> {});
  }

  private ArchiveReader(int threads, DatabaseCheck beforeDatabase) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.beforeDatabase = beforeDatabase;
  }

  /**
   * A reader that shows {@code check} the database entry's declared size and first bytes before
   * writing any of it, so the caller can refuse (by throwing) an entry that is not what it should
   * be, or that its disk has no room for, before a byte of it is written.
   */
  public ArchiveReader beforeDatabase(DatabaseCheck check) {
    return new ArchiveReader(threads, check);
  }

  /**
   * Reads the whole archive, checking every layer to its end, and streams {@code library.db} into
   * {@code databaseTarget} (created or truncated; not synced — the caller decides durability). When
   * this throws, the target may hold part of a database and the caller deletes it. Progress counts
   * archive bytes read, out of the file's size.
   *
   * @throws ArchiveInvalidException if the archive is damaged or not a vpo backup
   * @throws IOException if reading the archive or writing the target fails
   */
  public ExtractedArchive extract(Path archive, Path databaseTarget, ProgressListener progress)
      throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      return extract(in, Files.size(archive), databaseTarget, progress);
    }
  }

  /**
   * As {@link #extract(Path, Path, ProgressListener)}, from a stream (such as stdin) of unknown
   * length, which is read to its end and left open.
   */
  public ExtractedArchive extract(
      InputStream archive, Path databaseTarget, ProgressListener progress) throws IOException {
    return extract(archive, -1, databaseTarget, progress);
  }

  private ExtractedArchive extract(
      InputStream archive, long archiveSize, Path databaseTarget, ProgressListener progress)
      throws IOException {
    Objects.requireNonNull(databaseTarget, "databaseTarget");
    progress.start("Reading archive", archiveSize);
    Source source = new Source(archive, progress);
    try (StrictGzipInputStream gzip = StrictGzipInputStream.openParallel(source, threads)) {
      try {
        return readAll(gzip, databaseTarget, source, beforeDatabase);
      } catch (ArchiveInvalidException e) {
        throw rootCause(e, gzip);
      }
    } finally {
      progress.finish();
    }
  }

  private static ExtractedArchive readAll(
      StrictGzipInputStream gzip, Path databaseTarget, Source source, DatabaseCheck beforeDatabase)
      throws IOException {
    TarTap tap = new TarTap(gzip);
    TarArchiveInputStream tar = new TarArchiveInputStream(tap);
    byte[] metadata = null;
    DatabaseCopy database = null;
    byte[] scratch = new byte[COPY_BUFFER_SIZE];
    TarArchiveEntry entry;
    while ((entry = nextEntry(tar, tap, source)) != null) {
      String name = entry.getName();
      if (name.equals(ArchiveLayout.METADATA_ENTRY)) {
        requireFirst(metadata == null, name);
        metadata = readMetadataEntry(tar, entry, source);
      } else if (name.equals(ArchiveLayout.DATABASE_ENTRY)) {
        requireFirst(database == null, name);
        database = copyDatabase(tar, entry, databaseTarget, source, scratch, beforeDatabase);
      } else {
        skipEntry(tar, source, scratch);
      }
    }
    requireEndOfArchive(tap, source, scratch);
    requirePresent(metadata != null, ArchiveLayout.METADATA_ENTRY);
    requirePresent(database != null, ArchiveLayout.DATABASE_ENTRY);
    return new ExtractedArchive(metadata, database.size, database.sha256);
  }

  /**
   * Streamed gzip members hand bytes to tar before their CRC is checked, so damage there first
   * looks like a tar problem. Reading on to the end of that member ({@link #ROOT_CAUSE_LOOKAHEAD})
   * finds the real cause, which is then the one reported.
   */
  private static ArchiveInvalidException rootCause(
      ArchiveInvalidException problem, StrictGzipInputStream gzip) {
    if (findGzipProblem(problem) != null) {
      return problem;
    }
    try {
      byte[] buffer = new byte[64 << 10];
      long read = 0;
      int n;
      while (read < ROOT_CAUSE_LOOKAHEAD && (n = gzip.read(buffer)) >= 0) {
        // looking for damage further on
        read += n;
      }
    } catch (ArchiveFormatException damage) {
      ArchiveInvalidException deeper = new ArchiveInvalidException(damage.getMessage(), damage);
      deeper.addSuppressed(problem);
      return deeper;
    } catch (IOException unreadable) {
      problem.addSuppressed(unreadable);
    }
    return problem;
  }

  /**
   * Returns the raw metadata bytes, reading only as far as the metadata entry. For archives vpo
   * wrote that is the first few kilobytes; for Python VPO archives, where the database comes first,
   * it means inflating through the database. Nothing after the metadata is checked.
   *
   * @throws ArchiveInvalidException if the archive is damaged or has no valid metadata entry
   */
  public byte[] readMetadata(Path archive) throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      return readMetadata(in);
    }
  }

  /** As {@link #readMetadata(Path)}, from a stream, which is left open. */
  public byte[] readMetadata(InputStream archive) throws IOException {
    Source source = new Source(archive, ProgressListener.NONE);
    // Sequential: parallel read-ahead would inflate whole blocks nobody asked for.
    try (StrictGzipInputStream gzip = StrictGzipInputStream.open(source)) {
      TarTap tap = new TarTap(gzip);
      TarArchiveInputStream tar = new TarArchiveInputStream(tap);
      byte[] scratch = new byte[64 << 10];
      boolean databaseSeen = false;
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar, tap, source)) != null) {
        String name = entry.getName();
        if (name.equals(ArchiveLayout.METADATA_ENTRY)) {
          return readMetadataEntry(tar, entry, source);
        }
        if (name.equals(ArchiveLayout.DATABASE_ENTRY)) {
          requireFirst(!databaseSeen, name);
          databaseSeen = true;
        }
        skipEntry(tar, source, scratch);
      }
      requireEndOfArchive(tap, source, scratch);
      throw missing(ArchiveLayout.METADATA_ENTRY);
    }
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, TarTap tap, Source source)
      throws IOException {
    // The previous entry's data has been read to its end; the next header, or the end-of-archive
    // marker, starts at the next block boundary.
    tap.watchFrom(roundUpToBlock(tap.position()));
    TarArchiveEntry entry;
    // The headers start within a block of here; at the end, commons-compress also skips the rest
    // of its 10240-byte record.
    tap.limitTo(tap.position() + TAR_BLOCK + MAX_ENTRY_HEADER_BYTES + TarTap.RECORD);
    try {
      entry = tarCall(tar::getNextEntry, source);
    } finally {
      tap.limitTo(Long.MAX_VALUE);
    }
    if (entry == null) {
      return null;
    }
    String name = entry.getName();
    if (!entry.isCheckSumOK()) {
      throw new ArchiveInvalidException("tar header checksum mismatch at entry " + quote(name));
    }
    if (entry.isSparse()) {
      throw new ArchiveInvalidException(
          "tar entry " + quote(name) + " is a sparse file, which vpo archives never contain");
    }
    String plain = plainName(name);
    if (plain.equals(ArchiveLayout.METADATA_ENTRY) || plain.equals(ArchiveLayout.DATABASE_ENTRY)) {
      requireRegularFile(entry);
      if (!plain.equals(name)) {
        // Stock tar would extract it over the real entry: refused, not ignored.
        throw new ArchiveInvalidException(
            "tar entry " + quote(name) + " is not named exactly " + quote(plain));
      }
    }
    return entry;
  }

  private static long roundUpToBlock(long position) {
    return (position + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
  }

  /** The name as stock tar would extract it: no leading {@code ./} or {@code /}, no trailing /. */
  private static String plainName(String name) {
    String plain = name;
    while (true) {
      if (plain.startsWith("./")) {
        plain = plain.substring(2);
      } else if (plain.startsWith("/")) {
        plain = plain.substring(1);
      } else {
        break;
      }
    }
    while (plain.endsWith("/")) {
      plain = plain.substring(0, plain.length() - 1);
    }
    return plain;
  }

  private static void requireRegularFile(TarArchiveEntry entry) {
    byte flag = entry.getLinkFlag();
    if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM) {
      return;
    }
    throw new ArchiveInvalidException(
        quote(entry.getName()) + " is " + describeType(flag) + ", not a regular file");
  }

  private static String describeType(byte flag) {
    return switch (flag) {
      case TarConstants.LF_LINK -> "a hard link";
      case TarConstants.LF_SYMLINK -> "a symbolic link";
      case TarConstants.LF_CHR -> "a character device";
      case TarConstants.LF_BLK -> "a block device";
      case TarConstants.LF_DIR -> "a directory";
      case TarConstants.LF_FIFO -> "a fifo";
      default -> "a tar entry of type '" + quoteChar(flag) + "'";
    };
  }

  private static void requireFirst(boolean first, String name) {
    if (!first) {
      throw new ArchiveInvalidException("archive contains " + name + " more than once");
    }
  }

  private static void requirePresent(boolean present, String name) {
    if (!present) {
      throw missing(name);
    }
  }

  private static ArchiveInvalidException missing(String name) {
    return new ArchiveInvalidException("archive has no " + name);
  }

  private static byte[] readMetadataEntry(
      TarArchiveInputStream tar, TarArchiveEntry entry, Source source) throws IOException {
    long size = entry.getSize();
    if (size > ArchiveLayout.MAX_METADATA_SIZE) {
      throw new ArchiveInvalidException(
          ArchiveLayout.METADATA_ENTRY
              + " is "
              + ByteSizes.exact(size)
              + ", more than the "
              + ByteSizes.human(ArchiveLayout.MAX_METADATA_SIZE)
              + " allowed");
    }
    byte[] metadata = tarCall(() -> tar.readNBytes((int) size), source);
    if (metadata.length != size) {
      throw new ArchiveInvalidException("tar stream truncated in " + ArchiveLayout.METADATA_ENTRY);
    }
    return metadata;
  }

  private record DatabaseCopy(long size, String sha256) {}

  /**
   * Streams the database entry into {@code target}, created private (0600) from its first byte,
   * after {@code beforeDatabase} has seen its declared size and first bytes.
   */
  private static DatabaseCopy copyDatabase(
      TarArchiveInputStream tar,
      TarArchiveEntry entry,
      Path target,
      Source source,
      byte[] buffer,
      DatabaseCheck beforeDatabase)
      throws IOException {
    int first = 0;
    while (first < Math.min(DATABASE_HEAD_BYTES, entry.getSize())) {
      int at = first;
      int n = tarCall(() -> tar.read(buffer, at, buffer.length - at), source);
      if (n < 0) {
        break;
      }
      first += n;
    }
    beforeDatabase.check(
        entry.getSize(), Arrays.copyOf(buffer, Math.min(first, DATABASE_HEAD_BYTES)));
    MessageDigest digest = Digests.sha256();
    long size = first;
    digest.update(buffer, 0, first);
    // Write errors of the target are real I/O errors: they stay outside tarCall.
    try (OutputStream out = PrivateFiles.newOutputStream(target)) {
      out.write(buffer, 0, first);
      int n;
      while ((n = tarCall(() -> tar.read(buffer), source)) >= 0) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
      }
    }
    if (size != entry.getSize()) {
      throw new ArchiveInvalidException("tar stream truncated in " + ArchiveLayout.DATABASE_ENTRY);
    }
    return new DatabaseCopy(size, HexFormat.of().formatHex(digest.digest()));
  }

  private static void skipEntry(TarArchiveInputStream tar, Source source, byte[] buffer)
      throws IOException {
    while (tarCall(() -> tar.read(buffer), source) >= 0) {
      // other entries are read through, never extracted
    }
  }

  /**
   * Proves the tar stream really ended: two zero blocks where the next header would be, then only
   * zeros to the end of the gzip stream, which reading to the end also makes check its last
   * trailers.
   */
  private static void requireEndOfArchive(TarTap tap, Source source, byte[] buffer)
      throws IOException {
    if (!tap.sawEndMarker()) {
      throw new ArchiveInvalidException("tar stream truncated: no end-of-archive marker");
    }
    boolean zeros = tap.watchedRestIsZero();
    int n;
    while ((n = tarCall(() -> tap.read(buffer), source)) >= 0) {
      for (int i = 0; i < n && zeros; i++) {
        zeros = buffer[i] == 0;
      }
    }
    if (!zeros) {
      throw new ArchiveInvalidException("data after the tar end-of-archive marker");
    }
  }

  private interface TarCall<T> {
    T call() throws IOException;
  }

  /**
   * Runs one call into the gzip/tar layers and sorts its failure: damage becomes {@link
   * ArchiveInvalidException}, a failing input device stays an {@link IOException}.
   */
  private static <T> T tarCall(TarCall<T> call, Source source) throws IOException {
    try {
      return call.call();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      if (source.failed(e)) {
        throw e;
      }
      ArchiveFormatException gzipProblem = findGzipProblem(e);
      if (gzipProblem != null) {
        throw new ArchiveInvalidException(gzipProblem.getMessage(), e);
      }
      throw new ArchiveInvalidException("damaged tar data: " + oneLine(e.getMessage()), e);
    } catch (VpoException e) {
      throw e;
    } catch (RuntimeException e) {
      // commons-compress reports some malformed headers as unchecked exceptions; on hostile
      // input those are damage like any other.
      throw new ArchiveInvalidException("damaged tar data: " + oneLine(e.toString()), e);
    }
  }

  private static ArchiveFormatException findGzipProblem(Throwable e) {
    for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
      if (e instanceof ArchiveFormatException format) {
        return format;
      }
    }
    return null;
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable entry" : message.replaceAll("\\s+", " ").trim();
  }

  /** An entry name made safe for a one-line message: hostile names may hold control characters. */
  private static String quote(String name) {
    StringBuilder out = new StringBuilder("'");
    name.codePoints()
        .limit(100)
        .forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
    if (name.codePointCount(0, name.length()) > 100) {
      out.append("...");
    }
    return out.append('\'').toString();
  }

  private static String quoteChar(byte flag) {
    return flag >= 0x21 && flag < 0x7f
        ? Character.toString((char) flag)
        : String.format("\\x%02x", flag & 0xff);
  }

  /**
   * The caller's archive stream: reports progress, remembers its own failures so they are not
   * mistaken for damage, and is closed by whoever opened it.
   */
  private static final class Source extends FilterInputStream {
    private final ProgressListener progress;
    private IOException failure;

    Source(InputStream in, ProgressListener progress) {
      super(Objects.requireNonNull(in, "archive"));
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          progress.advance(n);
        }
        return n;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      // Through read(), so skipped bytes are counted and failures remembered like any others.
      byte[] buffer = new byte[(int) Math.max(1, Math.min(n, 8192))];
      long skipped = 0;
      while (skipped < n) {
        int count = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (count < 0) {
          break;
        }
        skipped += count;
      }
      return skipped;
    }

    @Override
    public void close() {
      // Left open: the caller owns the stream.
    }

    boolean failed(Throwable e) {
      for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
        if (e == failure) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Sits between the gzip and tar layers, counting the tar bytes consumed and keeping a copy of
   * those from a chosen block onwards. commons-compress ends an archive quietly when the data just
   * stops; with this the reader can prove the end-of-archive marker was really there. It also
   * refuses to let the tar layer read past a set offset, which bounds what reading headers costs.
   */
  private static final class TarTap extends InputStream {
    /** The record size commons-compress reads the end of an archive in. */
    static final int RECORD = 10240;

    /** The two marker blocks plus the padding commons-compress skips to its record. */
    private static final int WINDOW = 2 * TAR_BLOCK + RECORD;

    private final InputStream in;
    private final byte[] watched = new byte[WINDOW];
    private long position;
    private long watchStart;
    private int watchedLength;
    private long limit = Long.MAX_VALUE;

    TarTap(InputStream in) {
      this.in = in;
    }

    long position() {
      return position;
    }

    void watchFrom(long offset) {
      watchStart = offset;
      watchedLength = 0;
    }

    /** Reading beyond {@code offset} fails as damaged tar data until the limit is moved. */
    void limitTo(long offset) {
      limit = offset;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len > 0 && position >= limit) {
        throw new IOException(
            "tar entry headers longer than "
                + ByteSizes.human(MAX_ENTRY_HEADER_BYTES)
                + " (long name or pax)");
      }
      int n = in.read(b, off, (int) Math.min(len, limit - position));
      if (n > 0) {
        long wanted = watchStart + watchedLength;
        if (watchedLength < WINDOW && wanted >= position && wanted < position + n) {
          int from = (int) (wanted - position);
          int count = Math.min(n - from, WINDOW - watchedLength);
          System.arraycopy(b, off + from, watched, watchedLength, count);
          watchedLength += count;
        }
        position += n;
      }
      return n;
    }

    boolean sawEndMarker() {
      return watchedLength >= 2 * TAR_BLOCK && isZero(0, 2 * TAR_BLOCK);
    }

    boolean watchedRestIsZero() {
      return isZero(2 * TAR_BLOCK, watchedLength);
    }

    private boolean isZero(int from, int to) {
      for (int i = from; i < to; i++) {
        if (watched[i] != 0) {
          return false;
        }
      }
      return true;
    }
  }
}
