package vpo.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.ArchiveWriter;
import vpo.fs.AtomicFile;
import vpo.fs.FreeSpace;
import vpo.fs.InsufficientSpaceException;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.LibraryDamagedException;
import vpo.library.LibraryException;
import vpo.library.LibraryMaintenance;
import vpo.library.SqliteErrors;
import vpo.progress.ProgressListener;

/**
 * Makes backup archives of a library: a consistent snapshot, checked with {@code quick_check},
 * written as an archive that appears under its final name only when complete and on disk.
 */
public final class BackupService {
  private static final Logger log = LoggerFactory.getLogger(BackupService.class);
  private static final int MAX_NAME_ATTEMPTS = 10_000;
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
    long size = LibraryMaintenance.sizeOnDisk(db);
    ArchiveEstimate estimate = ArchiveEstimate.of(db, size, request.level());
    long free = -1;
    try {
      free = FreeSpace.available(nearestExisting(path == null ? db : path));
    } catch (IOException e) {
      log.debug("cannot read free space", e);
    }
    long files;
    try {
      files = source.queryLong("SELECT COUNT(*) FROM files");
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, db, "counting files");
    }
    return new BackupPlan(
        path, size, estimate.minBytes(), estimate.maxBytes(), files, source.schemaVersion(), free);
  }

  /** Backs up the library at {@code file} as it is, without migrating it: a safety archive. */
  public BackupResult safetyBackup(Path file, Path backupDir, BackupKind kind) {
    try (Library library = Library.openAsIs(file)) {
      return create(library, safetyRequest(backupDir, kind));
    }
  }

  /**
   * A safety archive of a library file nobody can be using (held under a {@link
   * vpo.library.LibraryGuard}, in rollback mode with no journal): copied byte for byte, with no
   * SQLite connection to it.
   */
  public BackupResult safetyBackupOfQuiescent(Path file, Path backupDir, BackupKind kind) {
    return archive(
        safetyRequest(backupDir, kind), file, dir -> LibrarySnapshot.copyOfQuiescent(file, dir));
  }

  private static BackupRequest safetyRequest(Path backupDir, BackupKind kind) {
    return new BackupRequest(
        null, backupDir, backupDir, null, true, BackupRequest.DEFAULT_LEVEL, kind);
  }

  /** Backs up {@code source} as {@code request} says. */
  public BackupResult create(Library source, BackupRequest request) {
    return archive(request, source.path(), dir -> LibrarySnapshot.take(source, dir));
  }

  private BackupResult archive(
      BackupRequest request,
      Path library,
      java.util.function.Function<Path, LibrarySnapshot> snap) {
    Instant started = Instant.now();
    Instant created = started.truncatedTo(ChronoUnit.SECONDS);
    Destination dest = request.destination();
    checkOverwrite(dest);
    log.atInfo()
        .addKeyValue("library", library)
        .addKeyValue("destination", describe(dest))
        .addKeyValue("kind", request.kind().label())
        .addKeyValue("level", request.level())
        .log("backup started");
    Path workDir = null;
    try {
      workDir = prepareDirectory(dest, library);
      // The next vpo command cleans the backup and library directories; a backup killed while
      // writing to a directory of the user's choosing is cleaned up by the next backup there.
      TempFiles.removeStale(workDir);
      Path db = library;
      long liveBytes = LibraryMaintenance.sizeOnDisk(db);
      long archiveGuess =
          dest instanceof Destination.Stream
              ? 0
              : ArchiveEstimate.of(db, liveBytes, request.level()).maxBytes();
      FreeSpace.require(workDir, liveBytes + archiveGuess + (1 << 20), "the snapshot and archive");

      BackupResult result;
      progress.start("Snapshot", -1);
      long t0 = System.nanoTime();
      try (LibrarySnapshot snapshot = snap.apply(workDir)) {
        progress.finish();
        long t1 = System.nanoTime();
        result =
            dest instanceof Destination.Stream s
                ? writeStream(snapshot, s, request, created, started)
                : writeFile(snapshot, dest, request, created, started);
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
      throw new LibraryException(
          "backup to " + describe(dest) + " failed: " + e.getMessage(),
          "check that the destination is writable",
          e);
    } finally {
      progress.finish();
    }
  }

  /**
   * Checks and hashes the snapshot, then streams the archive in order: the metadata comes first in
   * the archive, so it must be complete before anything is written.
   */
  private BackupResult writeStream(
      LibrarySnapshot snapshot,
      Destination.Stream dest,
      BackupRequest request,
      Instant created,
      Instant started)
      throws IOException {
    // quick_check on a second thread while this one hashes: both only read the snapshot.
    CompletableFuture<List<String>> checking = CompletableFuture.supplyAsync(snapshot::quickCheck);
    String databaseSha256;
    try {
      databaseSha256 = Digests.sha256(snapshot.file());
    } finally {
      awaitQuietly(checking);
    }
    BackupMetadata metadata =
        metadata(snapshot, created, databaseSha256, verdict(join(checking), request), request);
    CountingDigestStream out = new CountingDigestStream(dest.out());
    try {
      writeArchive(out, snapshot, metadata, request.level());
      dest.out().flush();
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        // Not the snapshot's disk: where standard output goes is full.
        throw new InsufficientSpaceException(
            "standard output ran out of space: " + e.getMessage(), -1, -1, e);
      }
      throw e;
    }
    return result(null, out.count(), out.hex(), snapshot, metadata, request, started);
  }

  /**
   * Writes the archive to a temp file beside the destination, then publishes it. The database's
   * members are compressed while {@code quick_check} runs and its checksum is computed from the
   * bytes being compressed; the metadata's member, whose length is known in advance, is written
   * into the room left for it at the start once both are done.
   */
  private BackupResult writeFile(
      LibrarySnapshot snapshot,
      Destination dest,
      BackupRequest request,
      Instant created,
      Instant started)
      throws IOException {
    Path dir =
        dest instanceof Destination.Directory d
            ? d.dir()
            : ((Destination.File) dest).file().toAbsolutePath().getParent();
    try (AtomicFile file = AtomicFile.create(dir, "archive.tar.gz")) {
      // Every SHA-256 is 64 hex digits: the real metadata is as long as this draft unless the
      // check finds damage to record.
      int draftLength = metadata(snapshot, created, "0".repeat(64), null, request).toJson().length;
      int headLength = ArchiveWriter.headLength(draftLength);
      MessageDigest databaseDigest = Digests.sha256();
      CompletableFuture<List<String>> checking =
          CompletableFuture.supplyAsync(snapshot::quickCheck);
      try {
        OutputStream body = new BufferedOutputStream(file.outputStreamAt(headLength), 1 << 16);
        new ArchiveWriter(request.level(), threads)
            .writeBody(
                body, snapshot.file(), snapshot.sizeBytes(), created, progress, databaseDigest);
        body.flush();
      } finally {
        awaitQuietly(checking);
      }
      String quickCheck = verdict(join(checking), request);
      BackupMetadata metadata =
          metadata(
              snapshot,
              created,
              HexFormat.of().formatHex(databaseDigest.digest()),
              quickCheck,
              request);
      byte[] json = metadata.toJson();
      if (json.length == draftLength) {
        file.writeAt(0, ArchiveWriter.head(json, created));
      } else {
        // Damage recorded under --force lengthens the metadata: write the archive again, in order.
        file.truncate();
        writeArchive(file.outputStream(), snapshot, metadata, request.level());
      }
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
        publishUnderFreeName(file, dir, metadata.createdAt(), request.kind());
      }
      Path archive = file.published();
      return result(
          archive, Files.size(archive), join(archiveSha256), snapshot, metadata, request, started);
    }
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

  private BackupMetadata metadata(
      LibrarySnapshot snapshot,
      Instant created,
      String databaseSha256,
      String quickCheck,
      BackupRequest request) {
    return new BackupMetadata(
        vpoVersion,
        snapshot.schemaVersion(),
        created,
        snapshot.sizeBytes(),
        snapshot.fileCount(),
        snapshot.totalLibraryBytes(),
        "gzip",
        databaseSha256,
        1,
        request.kind().label(),
        quickCheck);
  }

  /** Waits for the check before the snapshot it reads is deleted; its outcome is read later. */
  private static void awaitQuietly(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (RuntimeException e) {
      // Reported by join() where the outcome matters.
    }
  }

  private void writeArchive(
      OutputStream out, LibrarySnapshot snapshot, BackupMetadata metadata, int level)
      throws IOException {
    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    new ArchiveWriter(level, threads)
        .write(
            buffered,
            metadata.toJson(),
            snapshot.file(),
            snapshot.sizeBytes(),
            metadata.createdAt(),
            progress);
    buffered.flush();
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
      if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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
        && Files.exists(f.file(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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

  private static String describe(Destination dest) {
    if (dest instanceof Destination.Directory d) {
      return d.dir().toString();
    }
    return dest instanceof Destination.File f ? f.file().toString() : "standard output";
  }
}
