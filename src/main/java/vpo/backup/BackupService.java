package vpo.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.ArchiveSink;
import vpo.archive.ArchiveWriter;
import vpo.archive.BackupKind;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;
import vpo.archive.CountingDigestStream;
import vpo.archive.Digests;
import vpo.catalog.BackupCatalog;
import vpo.catalog.BackupEntry;
import vpo.crypto.AgeEncryption;
import vpo.crypto.EncryptingOutputStream;
import vpo.fs.AtomicFile;
import vpo.fs.FreeSpace;
import vpo.fs.InsufficientSpaceException;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.LibraryDamagedException;
import vpo.library.LibrarySnapshot;
import vpo.location.BackupLocation;
import vpo.location.StoredObject;
import vpo.location.Upload;
import vpo.progress.ProgressListener;

/**
 * Makes backup archives of a library: a consistent snapshot, checked with {@code quick_check},
 * written as an archive that appears under its final name only when complete, on disk or in the
 * store, and verified.
 */
public final class BackupService {
  private static final Logger log = LoggerFactory.getLogger(BackupService.class);

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
    String archive = null;
    if (dest instanceof Destination.At at) {
      archive =
          at.location().display(at.name() != null ? at.name() : firstFreeName(at, now, request));
    }
    Path db = source.path();
    long size = Library.sizeOnDisk(db);
    ArchiveEstimate estimate = ArchiveEstimate.of(db, size, request.level());
    long free = -1;
    try {
      free = FreeSpace.available(nearestExisting(workDirectory(dest, db)));
    } catch (IOException e) {
      log.debug("cannot read free space", e);
    }
    return new BackupPlan(
        archive,
        size,
        estimate.minBytes(),
        estimate.maxBytes(),
        source.fileCount(),
        source.schemaVersion(),
        free,
        request.encrypted());
  }

  /**
   * Backs up {@code source} as {@code request} says. A library without an id is given one first
   * (see {@link Library#ensureLibraryId}), so its archives can say which library they are of.
   */
  public BackupResult create(Library source, BackupRequest request) {
    Library.ensureLibraryId(source.path());
    return archive(request, source.path(), dir -> LibrarySnapshot.take(source, dir), null)
        .orElseThrow();
  }

  /**
   * Backs up {@code source} unless its content is exactly that of an archive already made: the
   * snapshot's SHA-256 equals {@code newestDatabaseSha256} (the {@code database_sha256} of the
   * library's newest backup). Then nothing is written and the result is empty. The snapshot is
   * taken either way, so a change committed a moment before is always seen.
   */
  public Optional<BackupResult> createIfChanged(
      Library source, BackupRequest request, String newestDatabaseSha256) {
    Library.ensureLibraryId(source.path());
    return archive(
        request,
        source.path(),
        dir -> LibrarySnapshot.take(source, dir),
        newestDatabaseSha256 == null ? null : newestDatabaseSha256::equals);
  }

  /**
   * A pre-migration safety archive: the one made now, or one made before of exactly the library's
   * present state ({@code madeBefore}).
   */
  public record SafetyArchive(String archive, boolean madeBefore) {}

  /**
   * A pre-migration safety archive in {@code backupDir} of the library at {@code file}, taken as it
   * is, before anything migrates it.
   */
  public SafetyArchive beforeMigration(Path file, Path backupDir) {
    Map<String, String> saved = preMigrationArchives(backupDir);
    try (Library library = Library.open(file, Library.Mode.AS_IS)) {
      Library.ensureLibraryId(library.path());
      String[] same = new String[1];
      Optional<BackupResult> made =
          archive(
              BackupRequest.safety(backupDir, BackupKind.PRE_MIGRATION),
              library.path(),
              dir -> LibrarySnapshot.take(library, dir),
              sha -> (same[0] = saved.get(sha)) != null);
      return made.map(r -> new SafetyArchive(r.archive(), false))
          .orElseGet(() -> new SafetyArchive(same[0], true));
    }
  }

  /**
   * The pre-migration archives in {@code backupDir}, by the SHA-256 of the library they hold: a
   * migration that fails and is tried again finds the archive of its first try there, and makes no
   * other. None when the directory cannot be read (a new archive is then made, the safe way).
   */
  private static Map<String, String> preMigrationArchives(Path backupDir) {
    Map<String, String> bySha = new HashMap<>();
    if (!Files.isDirectory(backupDir)) {
      return bySha;
    }
    try {
      for (BackupEntry entry : new BackupCatalog(backupDir).list()) {
        if (entry.kind() == BackupKind.PRE_MIGRATION
            && entry.metadata() != null
            && entry.metadata().databaseSha256() != null) {
          bySha.putIfAbsent(entry.metadata().databaseSha256(), entry.path());
        }
      }
    } catch (RuntimeException e) {
      log.warn("cannot list the safety archives in {}: {}", backupDir, e.getMessage());
    }
    return bySha;
  }

  private Optional<BackupResult> archive(
      BackupRequest request,
      Path library,
      Function<Path, LibrarySnapshot> snap,
      Predicate<String> skipIfDatabaseSha256) {
    Instant started = Instant.now();
    Instant created = started.truncatedTo(ChronoUnit.SECONDS);
    Destination dest = request.destination();
    checkOverwrite(dest);
    log.atInfo()
        .addKeyValue("library", library)
        .addKeyValue("destination", dest.describe())
        .addKeyValue("kind", request.kind().label())
        .addKeyValue("level", request.level())
        .addKeyValue("encrypted", request.encrypted())
        .log("backup started");
    Path workDir = workDirectory(dest, library);
    try {
      prepare(dest);
      checkWritable(workDir);
      // Whoever opened the destination cleaned it (a command cleans every location it opens); the
      // snapshot's directory may be another one.
      TempFiles.removeStale(workDir);
      if (request.encrypted()) {
        // The cipher is set up while the snapshot is taken, not after it.
        CompletableFuture.runAsync(() -> AgeEncryption.warmUp(request.recipients()));
      }
      long liveBytes = Library.sizeOnDisk(library);
      long needed = spaceNeeded(dest, request, library, liveBytes);
      // Finding an unchanged library needs room for the snapshot alone; the archive's room is
      // checked once there is an archive to write.
      boolean comparing = skipIfDatabaseSha256 != null;
      FreeSpace.require(
          workDir,
          comparing ? liveBytes + (1 << 20) : needed,
          comparing ? "the snapshot of the library" : whatNeedsSpace(dest));

      Optional<BackupResult> result;
      progress.start("Taking a snapshot of the library", -1);
      long t0 = System.nanoTime();
      try (LibrarySnapshot snapshot = snap.apply(workDir)) {
        progress.finish();
        long t1 = System.nanoTime();
        if (skipIfDatabaseSha256 != null
            && skipIfDatabaseSha256.test(Digests.sha256(snapshot.file()))) {
          log.atInfo().addKeyValue("library", library).log("backup skipped: library unchanged");
          return Optional.empty();
        }
        if (comparing) {
          // The snapshot is on the disk already; what else the backup needs must be free now.
          FreeSpace.require(
              workDir,
              needed - liveBytes,
              dest instanceof Destination.At at && at.location().localDirectory().isPresent()
                  ? "the archive, beside the snapshot"
                  : "the snapshot of the library");
        }
        PendingMetadata metadata = new PendingMetadata(snapshot, created, request, library);
        try {
          result =
              Optional.of(
                  dest instanceof Destination.Stream s
                      ? writeStream(snapshot, s, request, metadata, started)
                      : writeTo((Destination.At) dest, snapshot, request, metadata, started));
        } finally {
          // The check reads the snapshot, which is deleted next.
          metadata.awaitCheck();
        }
        log.atDebug()
            .addKeyValue("snapshot_ms", (t1 - t0) / 1_000_000)
            .addKeyValue("check_and_archive_ms", (System.nanoTime() - t1) / 1_000_000)
            .log("backup phases");
      }
      BackupResult r = result.orElseThrow();
      log.atInfo()
          .addKeyValue("library", library)
          .addKeyValue("archive", r.archive() == null ? "stream" : r.archive())
          .addKeyValue("kind", request.kind().label())
          .addKeyValue("database_size_bytes", r.databaseSizeBytes())
          .addKeyValue("archive_size_bytes", r.archiveSizeBytes())
          .addKeyValue("file_count", r.fileCount())
          .addKeyValue("duration_ms", r.duration().toMillis())
          .addKeyValue("outcome", "success")
          .log("backup finished");
      return result;
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        throw FreeSpace.diskFull(workDir, e);
      }
      throw new BackupFailedException(
          "cannot write the backup to " + dest.describe() + ": " + e.getMessage(),
          "check that you may write there",
          e);
    } finally {
      progress.finish();
    }
  }

  /**
   * The snapshot (and a local archive's temp files) go beside the archive; for a stream or a remote
   * location there is no local archive, and the snapshot goes beside the library.
   */
  private static Path workDirectory(Destination dest, Path library) {
    if (dest instanceof Destination.At at && at.location().localDirectory().isPresent()) {
      return at.location().localDirectory().get();
    }
    return library.toAbsolutePath().getParent();
  }

  private static void prepare(Destination dest) throws IOException {
    if (dest instanceof Destination.At at && at.location().localDirectory().isPresent()) {
      Path dir = at.location().localDirectory().get();
      try {
        PrivateFiles.createDirectories(dir);
      } catch (AccessDeniedException e) {
        throw new BackupFailedException(
            "cannot create " + dir + ": permission denied",
            "check the permissions of its parent, or back up to a directory you may write in",
            e);
      }
      if (at.isDefault()) {
        PrivateFiles.restrictDirectory(dir);
      }
    }
  }

  /**
   * Fails naming {@code dir} when nothing can be created in it: otherwise SQLite's failure to
   * create the snapshot there reads as if the library could not be opened.
   */
  private static void checkWritable(Path dir) throws IOException {
    Path probe = TempFiles.allocate(dir, "probe");
    try {
      Files.createFile(probe);
    } catch (AccessDeniedException e) {
      throw new BackupFailedException(
          "cannot write in " + dir + ": permission denied",
          "check its permissions, or back up to a directory you may write in",
          e);
    } finally {
      TempFiles.delete(probe);
    }
  }

  /**
   * The snapshot, plus, for a local archive, the archive at the high end of the estimate (twice for
   * an encrypted one, written plain first), and a margin.
   */
  private static long spaceNeeded(
      Destination dest, BackupRequest request, Path library, long liveBytes) {
    long archive = 0;
    if (dest instanceof Destination.At at && at.location().localDirectory().isPresent()) {
      archive = ArchiveEstimate.of(library, liveBytes, request.level()).maxBytes();
      if (request.encrypted()) {
        archive *= 2;
      }
    }
    return liveBytes + archive + (1 << 20);
  }

  private static String whatNeedsSpace(Destination dest) {
    return dest instanceof Destination.At at && at.location().localDirectory().isPresent()
        ? "the snapshot and archive"
        : "the snapshot of the library";
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
    private final Path library;
    private final CompletableFuture<List<String>> checking;
    private BackupMetadata completed;

    PendingMetadata(
        LibrarySnapshot snapshot, Instant created, BackupRequest request, Path library) {
      this.snapshot = snapshot;
      this.created = created;
      this.request = request;
      this.library = library;
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
          quickCheck,
          snapshot.libraryId(),
          library.toAbsolutePath().normalize().toString());
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
      if (request.encrypted()) {
        EncryptingOutputStream encrypted = AgeEncryption.encrypt(out, request.recipients());
        writeInOrder(encrypted, snapshot, metadata, request);
        encrypted.finish();
      } else {
        writeInOrder(out, snapshot, metadata, request);
      }
      dest.out().flush();
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        // Not the snapshot's disk: where standard output goes is full.
        throw new InsufficientSpaceException(
            "standard output ran out of space: " + e.getMessage(), -1, -1, e);
      }
      throw e;
    }
    return result(null, null, out.count(), out.hex(), snapshot, metadata, request, started);
  }

  /**
   * Writes the archive into the location and commits it: the database's members while {@code
   * quick_check} runs, the metadata last at the front. An encrypted archive (age encrypts strictly
   * in order) is written plain to a private temp file first, then encrypted into the location; to a
   * remote location, where there is no room for a local copy, it is streamed in order.
   */
  private BackupResult writeTo(
      Destination.At dest,
      LibrarySnapshot snapshot,
      BackupRequest request,
      PendingMetadata metadata,
      Instant started)
      throws IOException {
    BackupLocation location = dest.location();
    boolean local = location.localDirectory().isPresent();
    try (Upload upload = create(dest, metadata.created, request)) {
      if (!request.encrypted()) {
        write(upload, snapshot, metadata, request);
      } else if (local) {
        try (AtomicFile plain =
            AtomicFile.create(location.localDirectory().get(), "plain.tar.gz")) {
          write(new TempFileSink(plain), snapshot, metadata, request);
          encryptInto(upload, plain.tempPath(), request);
        }
      } else {
        EncryptingOutputStream encrypted =
            AgeEncryption.encrypt(upload.restart(), request.recipients());
        writeInOrder(encrypted, snapshot, metadata, request);
        encrypted.finish();
      }
      progress.start("Verifying the archive where it is stored", -1);
      StoredObject stored = commit(upload, dest);
      progress.finish();
      return result(
          location.display(stored.name()),
          stored.name(),
          stored.sizeBytes(),
          stored.sha256(),
          snapshot,
          metadata,
          request,
          started);
    }
  }

  private static Upload create(Destination.At dest, Instant created, BackupRequest request)
      throws IOException {
    try {
      return dest.name() == null
          ? dest.location()
              .createAutoNamed(
                  n -> BackupNames.name(created, request.kind(), n, request.encrypted()))
          : dest.location().create(dest.name(), dest.overwrite());
    } catch (FileAlreadyExistsException e) {
      throw new DestinationExistsException(dest.describe());
    }
  }

  private static StoredObject commit(Upload upload, Destination.At dest) throws IOException {
    try {
      return upload.commit();
    } catch (FileAlreadyExistsException e) {
      throw new DestinationExistsException(dest.describe());
    }
  }

  /** Encrypts the finished plain archive {@code plain} into the upload, in order. */
  private void encryptInto(Upload upload, Path plain, BackupRequest request) throws IOException {
    progress.start("Encrypting the archive", Files.size(plain));
    OutputStream out = new BufferedOutputStream(upload.restart(), 1 << 16);
    EncryptingOutputStream encrypted = AgeEncryption.encrypt(out, request.recipients());
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(plain)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        encrypted.write(buffer, 0, n);
        progress.advance(n);
      }
    }
    encrypted.finish();
    out.flush();
    progress.finish();
  }

  /** A private temp file as the writer's sink: the head goes into room at the start. */
  private record TempFileSink(AtomicFile file) implements ArchiveSink {
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

  /** The archive, head last, into {@code sink}. */
  private void write(
      ArchiveSink sink, LibrarySnapshot snapshot, PendingMetadata metadata, BackupRequest request)
      throws IOException {
    new ArchiveWriter(request.level(), threads)
        .write(sink, snapshot.file(), snapshot.sizeBytes(), metadata.created, progress, metadata);
  }

  /** The archive, in order, into {@code out}. */
  private void writeInOrder(
      OutputStream out, LibrarySnapshot snapshot, PendingMetadata metadata, BackupRequest request)
      throws IOException {
    new ArchiveWriter(request.level(), threads)
        .writeInOrder(
            out, snapshot.file(), snapshot.sizeBytes(), metadata.created, progress, metadata);
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

  /** The name an auto-named archive would take now (for --dry-run). */
  private static String firstFreeName(Destination.At at, Instant created, BackupRequest request) {
    for (int n = 1; ; n++) {
      String name = BackupNames.name(created, request.kind(), n, request.encrypted());
      try {
        if (!at.location().exists(name)) {
          return name;
        }
      } catch (IOException e) {
        return name;
      }
    }
  }

  private BackupResult result(
      String archive,
      String name,
      long archiveSize,
      String archiveSha256,
      LibrarySnapshot snapshot,
      PendingMetadata pending,
      BackupRequest request,
      Instant started) {
    BackupMetadata metadata = pending.completed;
    return new BackupResult(
        archive,
        name,
        request.encrypted(),
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
        metadata.libraryId(),
        metadata.quickCheck());
  }

  private static void checkOverwrite(Destination dest) {
    if (dest instanceof Destination.At at && at.name() != null && !at.overwrite()) {
      boolean exists;
      try {
        exists = at.location().exists(at.name());
      } catch (IOException e) {
        throw new BackupFailedException(
            "cannot reach " + dest.describe() + ": " + e.getMessage(), null, e);
      }
      if (exists) {
        throw new DestinationExistsException(dest.describe());
      }
    }
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
