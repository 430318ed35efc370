package vpo.catalog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.ArchiveInvalidException;
import vpo.archive.ArchiveReader;
import vpo.archive.BackupMetadata;
import vpo.archive.ExtractedArchive;
import vpo.fs.ByteSizes;
import vpo.fs.FreeSpace;
import vpo.fs.PrivateFiles;
import vpo.library.Library;
import vpo.library.LibraryException;
import vpo.library.NotALibraryException;
import vpo.progress.ProgressListener;

/**
 * Full validation of an archive in one streaming read (ARCHIVE-FORMAT.md "Validation"): gzip and
 * tar layers to the end, the entries, the metadata's types, size and SHA-256 against the bytes
 * actually read, then {@code PRAGMA quick_check} on the extracted database.
 */
public final class ArchiveValidator {
  private static final Logger log = LoggerFactory.getLogger(ArchiveValidator.class);

  /** The smallest SQLite database: one page of the smallest page size. */
  private static final int SMALLEST_DATABASE = 512;

  /** How many of quick_check's problems a message quotes; the rest are counted. */
  private static final int PROBLEMS_QUOTED = 3;

  private final ProgressListener progress;
  private final int threads = Runtime.getRuntime().availableProcessors();

  /** Whether the extracted database is flushed to disk while {@code quick_check} reads it. */
  private final boolean flushesEarly;

  public ArchiveValidator(ProgressListener progress) {
    this(progress, false);
  }

  private ArchiveValidator(ProgressListener progress, boolean flushesEarly) {
    this.progress = progress;
    this.flushesEarly = flushesEarly;
  }

  /**
   * A validator that starts flushing the extracted database to disk while {@code quick_check} reads
   * it, on a core the check leaves idle: for a restore, which installs that file. The restore still
   * syncs the file itself before using it.
   */
  public static ArchiveValidator flushingWhileChecking(ProgressListener progress) {
    return new ArchiveValidator(progress, true);
  }

  /**
   * Validates the archive read from {@code in}, extracting its database to {@code target} (a path
   * the caller owns and deletes). Throws {@link ArchiveInvalidException} naming the first problem.
   * A plain SQLite database read in place of an archive (a safety copy kept as a database file) is
   * copied and checked as an archive's database is; {@code copyDate}, when not null, dates it (it
   * records no time of its own).
   */
  public ValidatedArchive validate(InputStream in, Path target, Instant copyDate)
      throws IOException {
    InputStream source = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
    source.mark(Library.HEADER_BYTES);
    byte[] head = source.readNBytes(Library.HEADER_BYTES);
    source.reset();
    if (Library.isDatabaseHeader(head)) {
      return validateDatabaseCopy(source, target, copyDate);
    }
    return validateArchive(source, target);
  }

  private ValidatedArchive validateArchive(InputStream in, Path target) throws IOException {
    ExtractedArchive contents;
    ArchiveReader reader =
        new ArchiveReader(threads)
            .beforeDatabase((size, head) -> checkDatabase(size, head, target));
    long t0 = System.nanoTime();
    try {
      contents = reader.extract(in, target, progress);
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        throw FreeSpace.diskFull(target.getParent(), e);
      }
      throw e;
    } finally {
      progress.finish();
    }
    BackupMetadata metadata = BackupMetadata.parse(contents.metadataJson());
    List<String> warnings = new ArrayList<>();
    if (metadata.databaseSha256() != null) {
      if (metadata.databaseSizeBytes() != contents.databaseSize()) {
        throw new ArchiveInvalidException(
            "database size does not match the metadata: the archive holds "
                + ByteSizes.exact(contents.databaseSize())
                + ", the metadata says "
                + ByteSizes.exact(metadata.databaseSizeBytes()));
      }
      if (!metadata.databaseSha256().equalsIgnoreCase(contents.databaseSha256())) {
        throw new ArchiveInvalidException(
            "database checksum does not match the metadata (sha256 "
                + contents.databaseSha256()
                + ", expected "
                + metadata.databaseSha256()
                + ")");
      }
    } else if (metadata.databaseSizeBytes() != contents.databaseSize()) {
      // The Python VPO records the live file's size, taken before its snapshot; with an
      // unmerged WAL the two differ. Its archives have no checksum to go by instead, so the
      // gzip CRCs and quick_check below carry the integrity.
      warnings.add(
          "the metadata says the database is "
              + ByteSizes.exact(metadata.databaseSizeBytes())
              + " but the archive holds "
              + ByteSizes.exact(contents.databaseSize())
              + " (normal for archives of a library in WAL mode made by the Python VPO)");
    }
    long t1 = System.nanoTime();
    CompletableFuture<Void> flushing =
        flushesEarly
            ? CompletableFuture.runAsync(() -> flush(target))
            : CompletableFuture.completedFuture(null);
    ValidatedArchive validated;
    try {
      validated = inspect(metadata, target, contents, warnings);
    } finally {
      flushing.join();
    }
    log.atDebug()
        .addKeyValue("extract_ms", (t1 - t0) / 1_000_000)
        .addKeyValue("check_ms", (System.nanoTime() - t1) / 1_000_000)
        .log("validation phases");
    return validated;
  }

  /**
   * Refuses a database entry before a byte of it is written: one that is not a SQLite file (an
   * archive declaring gigabytes of zeros is refused at its first bytes, not after filling the
   * disk), and one the target's disk has no room for.
   */
  private static void checkDatabase(long size, byte[] head, Path target) throws IOException {
    if (size < SMALLEST_DATABASE || !Library.isDatabaseHeader(head)) {
      throw new ArchiveInvalidException(
          "the database in the archive is not a SQLite database (its first bytes are not"
              + " SQLite's header)");
    }
    FreeSpace.require(
        target.toAbsolutePath().getParent(), size + (1 << 20), "the database in the archive");
  }

  /** Writes the file's data to disk; a failure here shows again in the restore's own sync. */
  private static void flush(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      log.debug("early flush of {} failed", file, e);
    }
  }

  /** The first few problems, and how many more there are. */
  static String summary(List<String> problems) {
    String quoted =
        String.join("; ", problems.subList(0, Math.min(PROBLEMS_QUOTED, problems.size())));
    int more = problems.size() - PROBLEMS_QUOTED;
    return more > 0 ? quoted + " (and " + more + " more)" : quoted;
  }

  private ValidatedArchive inspect(
      BackupMetadata metadata, Path db, ExtractedArchive contents, List<String> warnings) {
    Library.Facts checked = check(db, "the database in the archive", false);
    if (checked.schemaVersion() != metadata.schemaVersion()) {
      warnings.add(
          "the metadata says schema "
              + metadata.schemaVersion()
              + " but the database is at schema "
              + checked.schemaVersion());
    }
    return new ValidatedArchive(
        metadata,
        db,
        contents.databaseSize(),
        contents.databaseSha256(),
        checked.schemaVersion(),
        checked.fileCount(),
        List.copyOf(warnings));
  }

  /**
   * Copies a plain database read in place of an archive to {@code target} and checks it as an
   * archive's database is checked: SQLite's header, {@code quick_check}, a schema version and a
   * files table. What an archive's metadata would say is read from the database itself.
   */
  private ValidatedArchive validateDatabaseCopy(InputStream in, Path target, Instant copyDate)
      throws IOException {
    long size = 0;
    progress.start("Reading the database", -1);
    try (OutputStream out = PrivateFiles.newOutputStream(target)) {
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        size += n;
        progress.advance(n);
      }
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        throw FreeSpace.diskFull(target.toAbsolutePath().getParent(), e);
      }
      throw e;
    } finally {
      progress.finish();
    }
    if (size < SMALLEST_DATABASE) {
      throw new ArchiveInvalidException(
          "the database is cut short: " + ByteSizes.exact(size) + ", less than SQLite's smallest");
    }
    CompletableFuture<Void> flushing =
        flushesEarly
            ? CompletableFuture.runAsync(() -> flush(target))
            : CompletableFuture.completedFuture(null);
    Library.Facts checked;
    try {
      checked = check(target, "the database", true);
    } finally {
      flushing.join();
    }
    BackupMetadata metadata =
        BackupMetadata.ofDatabaseCopy(
            checked.schemaVersion(),
            copyDate != null ? copyDate : Instant.now(),
            size,
            checked.fileCount(),
            checked.totalMediaBytes(),
            null,
            checked.libraryId());
    return new ValidatedArchive(
        metadata, target, size, null, checked.schemaVersion(), checked.fileCount(), List.of());
  }

  /**
   * {@code PRAGMA quick_check}, a schema version and a files table, of the database at {@code db}
   * ({@code what} in messages), left in rollback mode; with {@code describe}, also the media size
   * and id a database copy's metadata is made of (else 0 and null).
   */
  private Library.Facts check(Path db, String what, boolean describe) {
    progress.start("Checking database", -1);
    try (Library copy = Library.open(db, Library.Mode.AS_IS)) {
      // A self-contained file: no -wal is ever needed to read it.
      copy.useRollbackJournal();
      List<String> problems = copy.quickCheck();
      if (!problems.isEmpty()) {
        throw new ArchiveInvalidException(what + " fails quick_check: " + summary(problems));
      }
      int version;
      try {
        version = copy.schemaVersion();
      } catch (NotALibraryException e) {
        throw new ArchiveInvalidException(what + " is not a VPO library (no schema version)");
      }
      long files;
      try {
        files = copy.fileCount();
      } catch (LibraryException e) {
        throw new ArchiveInvalidException(what + " has no files table: " + e.getMessage());
      }
      if (!describe) {
        return new Library.Facts(version, files, 0, null);
      }
      return new Library.Facts(version, files, copy.totalMediaBytes(), copy.libraryId());
    } catch (ArchiveInvalidException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ArchiveInvalidException(what + " is unusable: " + e.getMessage());
    } finally {
      progress.finish();
    }
  }
}
