package vpo.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.ArchiveSink;
import vpo.archive.ArchiveWriter;
import vpo.archive.BackupKind;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;
import vpo.archive.CountingDigestStream;
import vpo.archive.Digests;
import vpo.fs.AtomicFile;
import vpo.fs.FreeSpace;
import vpo.fs.InsufficientSpaceException;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.LibraryDamagedException;
import vpo.library.LibrarySnapshot;
import vpo.progress.ProgressListener;

/**
 * Makes backup archives of a library: a consistent snapshot, checked with {@code quick_check},
 * written as an archive that appears under its final name only when complete and on disk.
 */
public final class BackupService {
  private static final Logger log = LoggerFactory.getLogger(BackupService.class);
  private static final int MAX_NAME_ATTEMPTS = 10_000;

  /** Any SHA-256 in hex is this long, so a draft of the metadata is exactly as long as the real. */
  private static final String DRAFT_DIGEST = "0".repeat(64);

  private final String vpoVersion;
  private final ProgressListener progress;
  private final int threads;

  public BackupService(String vpoVersion, ProgressListener progress) {
    this.vpoVersion = vpoVersion;
    this.progress = progress;
    this.threads = Runtime.getRuntime().availableProcessors();
  }

  /** What {@link #create} would do, creating nothing. */
  public BackupPlan plan(Library source, BackupRequest request) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Destination dest = request.destination();
    checkOverwrite(dest);
    Path path = null;
    if (dest instanceof Destination.Directory d) {
      path = firstFreeName(d.dir(), now, request.kind());
    } else if (dest instanceof Destination.File f) {
      path = f.file();
    }
    Path db = source.path();
    long size = Library.sizeOnDisk(db);
    ArchiveEstimate estimate = ArchiveEstimate.of(db, size, request.level());
    long free = -1;
    try {
      free = FreeSpace.available(nearestExisting(path == null ? db : path));
    } catch (IOException e) {
      log.debug("cannot read free space", e);
    }
    return new BackupPlan(
        path,
        size,
        estimate.minBytes(),
        estimate.maxBytes(),
        source.fileCount(),
        source.schemaVersion(),
        free);
  }

  /** Backs up {@code source} as {@code request} says. */
  public BackupResult create(Library source, BackupRequest request) {
    return archive(request, source.path(), dir -> LibrarySnapshot.take(source, dir));
  }

  /**
   * A pre-migration safety archive in {@code backupDir} of the library at {@code file}, taken as it
   * is, before anything migrates it.
   */
  public BackupResult beforeMigration(Path file, Path backupDir) {
    try (Library library = Library.open(file, Library.Mode.AS_IS)) {
      return create(library, BackupRequest.safety(backupDir, BackupKind.PRE_MIGRATION));
    }
  }

  /**
   * A pre-restore safety archive in {@code backupDir} of a library file nobody can be using (held
   * under a {@link vpo.library.LibraryGuard}, in rollback mode with no journal): copied byte for
   * byte, with no SQLite connection to it.
   */
  public BackupResult beforeRestore(Path file, Path backupDir) {
    return archive(
        BackupRequest.safety(backupDir, BackupKind.PRE_RESTORE),
        file,
        dir -> LibrarySnapshot.copyOfQuiescent(file, dir));
  }

  private BackupResult archive(
      BackupRequest request, Path library, Function<Path, LibrarySnapshot> snap) {
    Instant started = Instant.now();
    Instant created = started.truncatedTo(ChronoUnit.SECONDS);
    Destination dest = request.destination();
    checkOverwrite(dest);
    log.atInfo()
        .addKeyValue("library", library)
        .addKeyValue("destination", dest.describe())
        .addKeyValue("kind", request.kind().label())
        .addKeyValue("level", request.level())
        .log("backup started");
    Path workDir = null;
    try {
      workDir = prepareDirectory(dest, library);
      // The next vpo command cleans the backup and library directories; a backup killed while
      // writing to a directory of the user's choosing is cleaned up by the next backup there.
      TempFiles.removeStale(workDir);
      long liveBytes = Library.sizeOnDisk(library);
      long archiveGuess =
          dest instanceof Destination.Stream
              ? 0
              : ArchiveEstimate.of(library, liveBytes, request.level()).maxBytes();
      FreeSpace.require(workDir, liveBytes + archiveGuess + (1 << 20), "the snapshot and archive");

      BackupResult result;
      progress.start("Snapshot", -1);
      long t0 = System.nanoTime();
      try (LibrarySnapshot snapshot = snap.apply(workDir)) {
        progress.finish();
        long t1 = System.nanoTime();
        PendingMetadata metadata = new PendingMetadata(snapshot, created, request);
        try {
          result =
              dest instanceof Destination.Stream s
                  ? writeStream(snapshot, s, request, metadata, started)
                  : writeFile(snapshot, dest, request, metadata, started);
        } finally {
          // The check reads the snapshot, which is deleted next.
          metadata.awaitCheck();
        }
        log.atDebug()
            .addKeyValue("snapshot_ms", (t1 - t0) / 1_000_000)
            .addKeyValue("check_and_archive_ms", (System.nanoTime() - t1) / 1_000_000)
            .log("backup phases");
      }
      log.atInfo()
          .addKeyValue("library", library)
          .addKeyValue("archive", result.path() == null ? "stream" : result.path())
          .addKeyValue("kind", request.kind().label())
          .addKeyValue("database_size_bytes", result.databaseSizeBytes())
          .addKeyValue("archive_size_bytes", result.archiveSizeBytes())
          .addKeyValue("file_count", result.fileCount())
          .addKeyValue("duration_ms", result.duration().toMillis())
          .addKeyValue("outcome", "success")
          .log("backup finished");
      return result;
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        throw FreeSpace.diskFull(workDir != null ? workDir : library.getParent(), e);
      }
      throw new BackupFailedException(
          "backup to " + dest.describe() + " failed: " + e.getMessage(),
          "check that the destination is writable",
          e);
    } finally {
      progress.finish();
    }
  }

  /**
   * The metadata of the archive being written: the snapshot's figures at once, the database's
   * digest and the verdict of {@code quick_check} (running meanwhile on another thread) once the
   * database is written.
   */
  private final class PendingMetadata implements ArchiveWriter.MetadataSource {
    private final LibrarySnapshot snapshot;
    private final Instant created;
    private final BackupRequest request;
    private final CompletableFuture<List<String>> checking;
    private BackupMetadata completed;

    PendingMetadata(LibrarySnapshot snapshot, Instant created, BackupRequest request) {
      this.snapshot = snapshot;
      this.created = created;
      this.request = request;
      this.checking = CompletableFuture.supplyAsync(snapshot::quickCheck);
    }

    @Override
    public byte[] draft() {
      return metadata(DRAFT_DIGEST, null).toJson();
    }

    @Override
    public byte[] complete(String databaseSha256) throws IOException {
      completed = metadata(databaseSha256, verdict(join(checking), request));
      return completed.toJson();
    }

    private BackupMetadata metadata(String databaseSha256, String quickCheck) {
      return new BackupMetadata(
          vpoVersion,
          snapshot.schemaVersion(),
          created,
          snapshot.sizeBytes(),
          snapshot.fileCount(),
          snapshot.totalLibraryBytes(),
          BackupMetadata.COMPRESSION_GZIP,
          databaseSha256,
          BackupMetadata.FORMAT_VERSION,
          request.kind(),
          quickCheck);
    }

    /** Waits for the check; its outcome is read by {@link #complete}, where it matters. */
    void awaitCheck() {
      try {
        checking.join();
      } catch (RuntimeException e) {
        log.debug("quick_check of the snapshot failed", e);
      }
    }
  }

  /**
   * Streams the archive in order: the metadata comes first in the archive, so the database is
   * hashed (while {@code quick_check} runs) before anything is written.
   */
  private BackupResult writeStream(
      LibrarySnapshot snapshot,
      Destination.Stream dest,
      BackupRequest request,
      PendingMetadata metadata,
      Instant started)
      throws IOException {
    CountingDigestStream out = new CountingDigestStream(dest.out());
    try {
      writer(request)
          .writeInOrder(
              out, snapshot.file(), snapshot.sizeBytes(), metadata.created, progress, metadata);
      dest.out().flush();
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        // Not the snapshot's disk: where standard output goes is full.
        throw new InsufficientSpaceException(
            "standard output ran out of space: " + e.getMessage(), -1, -1, e);
      }
      throw e;
    }
    return result(null, out.count(), out.hex(), snapshot, metadata.completed, request, started);
  }

  /**
   * Writes the archive to a temp file beside the destination (the database's members while {@code
   * quick_check} runs, the metadata last), flushes it, then publishes it.
   */
  private BackupResult writeFile(
      LibrarySnapshot snapshot,
      Destination dest,
      BackupRequest request,
      PendingMetadata metadata,
      Instant started)
      throws IOException {
    Path dir =
        dest instanceof Destination.Directory d
            ? d.dir()
            : ((Destination.File) dest).file().toAbsolutePath().getParent();
    try (AtomicFile file = AtomicFile.create(dir, "archive.tar.gz")) {
      writer(request)
          .write(
              new FileSink(file),
              snapshot.file(),
              snapshot.sizeBytes(),
              metadata.created,
              progress,
              metadata);
      // The archive's own checksum, for the report: its bytes were not written in order, so it
      // is read back, while the fsync runs.
      CompletableFuture<String> archiveSha256 =
          CompletableFuture.supplyAsync(() -> Digests.sha256Unchecked(file.tempPath()));
      try {
        file.sync();
      } finally {
        awaitQuietly(archiveSha256);
      }
      progress.finish();
      if (dest instanceof Destination.File f) {
        try {
          file.publishAs(f.file(), f.overwrite());
        } catch (FileAlreadyExistsException e) {
          throw new DestinationExistsException(f.file());
        }
      } else {
        publishUnderFreeName(file, dir, metadata.created, request.kind());
      }
      Path archive = file.published();
      return result(
          archive,
          Files.size(archive),
          join(archiveSha256),
          snapshot,
          metadata.completed,
          request,
          started);
    }
  }

  /** An {@link AtomicFile} as the archive writer's sink: the head goes into room at the start. */
  private record FileSink(AtomicFile file) implements ArchiveSink {
    @Override
    public OutputStream body(int headLength) throws IOException {
      return file.outputStreamAt(headLength);
    }

    @Override
    public void head(byte[] head) throws IOException {
      file.writeAt(0, head);
    }

    @Override
    public OutputStream restart() throws IOException {
      file.truncate();
      return file.outputStream();
    }
  }

  private ArchiveWriter writer(BackupRequest request) {
    return new ArchiveWriter(request.level(), threads);
  }

  /** The check's finding to record, or null when it passed; refuses damage without --force. */
  private static String verdict(List<String> problems, BackupRequest request) {
    if (problems.isEmpty()) {
      return null;
    }
    if (!request.force()) {
      throw new LibraryDamagedException(
          "library is damaged: " + problems.get(0),
          "see 'vpo library verify'; --force archives it anyway, recording the damage",
          null);
    }
    log.warn("archiving a damaged library because of --force: {}", problems.get(0));
    return problems.get(0);
  }

  private static void awaitQuietly(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (RuntimeException e) {
      // Reported by join() where the outcome matters.
    }
  }

  /** Auto names never collide: the first free of name, name-2, name-3, ... is taken atomically. */
  private static void publishUnderFreeName(
      AtomicFile file, Path dir, Instant created, BackupKind kind) throws IOException {
    for (int n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
      try {
        file.publishAs(dir.resolve(BackupNames.name(created, kind, n)), false);
        return;
      } catch (FileAlreadyExistsException e) {
        // Taken by an earlier backup in the same second: try the next suffix.
      }
    }
    throw new IOException("no free archive name in " + dir);
  }

  private static Path firstFreeName(Path dir, Instant created, BackupKind kind) {
    for (int n = 1; ; n++) {
      Path p = dir.resolve(BackupNames.name(created, kind, n));
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
    }
  }

  private BackupResult result(
      Path path,
      long archiveSize,
      String archiveSha256,
      LibrarySnapshot snapshot,
      BackupMetadata metadata,
      BackupRequest request,
      Instant started) {
    return new BackupResult(
        path,
        request.kind(),
        archiveSize,
        snapshot.sizeBytes(),
        snapshot.fileCount(),
        snapshot.totalLibraryBytes(),
        snapshot.schemaVersion(),
        metadata.createdAt(),
        Duration.between(started, Instant.now()),
        archiveSha256,
        metadata.databaseSha256(),
        metadata.quickCheck());
  }

  private static void checkOverwrite(Destination dest) {
    if (dest instanceof Destination.File f
        && !f.overwrite()
        && Files.exists(f.file(), LinkOption.NOFOLLOW_LINKS)) {
      throw new DestinationExistsException(f.file());
    }
  }

  /** Creates the destination directory; returns where the snapshot goes. */
  private static Path prepareDirectory(Destination dest, Path library) throws IOException {
    if (dest instanceof Destination.Directory d) {
      PrivateFiles.createDirectories(d.dir());
      if (d.isDefault()) {
        PrivateFiles.restrictDirectory(d.dir());
      }
      return d.dir();
    }
    if (dest instanceof Destination.File f) {
      Path dir = f.file().toAbsolutePath().getParent();
      PrivateFiles.createDirectories(dir);
      return dir;
    }
    return library.toAbsolutePath().getParent();
  }

  /** The result of work run on another thread, its failure thrown as it was thrown there. */
  private static <T> T join(CompletableFuture<T> f) throws IOException {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static Path nearestExisting(Path p) {
    Path q = p.toAbsolutePath();
    while (q != null && !Files.exists(q)) {
      q = q.getParent();
    }
    return q == null ? p.toAbsolutePath().getRoot() : q;
  }
}
