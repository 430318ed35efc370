package vpo.restore;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.VpoException;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;
import vpo.catalog.ArchiveValidator;
import vpo.catalog.ValidatedArchive;
import vpo.crypto.AgeEncryption;
import vpo.crypto.Identity;
import vpo.fs.AtomicFile;
import vpo.fs.FreeSpace;
import vpo.fs.InsufficientSpaceException;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.LibraryDiff;
import vpo.library.LibraryDifference;
import vpo.library.LibraryGuard;
import vpo.library.LibraryLockedException;
import vpo.library.LibrarySchema;
import vpo.library.SchemaIncompatibleException;
import vpo.progress.ProgressListener;

/**
 * Restores a library from an archive without ever losing the one it replaces.
 *
 * <p>Order of work: refuse early if the library is in use; validate the whole archive into a temp
 * file beside the library (nothing else is touched yet); apply the schema rules; migrate the
 * restored copy if it is older; ask; then swap.
 *
 * <p>The swap: the old library's WAL is folded into its file and the file left in rollback mode,
 * which SQLite allows only when no other connection has it open; then, holding SQLite's own locks
 * exclusively ({@link LibraryGuard}), the old file is kept as the pre-restore copy ({@link
 * SafetyCopy}), the leftover {@code -wal}/{@code -shm} are removed and the new file is renamed over
 * the old in one step, and the directory flushed. At every instant the library is the complete old
 * file or the complete new one, and no {@code -wal} of the old library exists when the new file
 * appears, so none can be applied to it.
 */
public final class RestoreService {
  private static final Logger log = LoggerFactory.getLogger(RestoreService.class);
  private final ProgressListener progress;

  /** Asks the user before an existing library is replaced; throws to decline. */
  @FunctionalInterface
  public interface Confirmation {
    void confirm(RestorePreview preview, Supplier<LibraryDifference> changes);
  }

  public RestoreService(ProgressListener progress) {
    this.progress = progress;
  }

  /**
   * Whether restoring over {@code library} replaces anything worth keeping: it exists and holds
   * rows. Such a restore asks first and keeps the library as a safety copy; one over an empty
   * library (as vpo creates it on a new machine) does neither.
   */
  public static boolean hasData(Path library) {
    if (!Files.exists(library)) {
      return false;
    }
    try {
      return Library.hasUserRows(library);
    } catch (VpoException e) {
      // Not a readable library: treated as one with data, so nothing is replaced unasked.
      return true;
    }
  }

  /**
   * Validates fully and describes the restore, changing nothing: with {@code sampleSize} of 0 or
   * more, also what it would change in the library ({@link LibraryDifference}, samples of that many
   * keys); with -1, not.
   */
  public RestorePreview preview(RestoreRequest request, int sampleSize) {
    Path temp = TempFiles.allocate(workDirectory(request.library()), "verify.db");
    try {
      ValidatedArchive archive = validate(request, temp, false);
      RestorePreview preview = preview(request, archive);
      if (sampleSize >= 0 && hasData(request.library())) {
        migrateCopy(temp, archive);
        preview = preview.withChanges(compare(request.library(), temp, sampleSize));
      }
      return preview;
    } finally {
      TempFiles.delete(temp);
    }
  }

  /**
   * What restoring {@code archive} over {@code other} (another archive) or, when {@code other} is
   * null, over the library at {@code library} would change. Both archives are validated as fully as
   * a restore validates them, and compared after migration to the current schema; the library is
   * only read (it may be in use).
   */
  public Comparison difference(
      RestoreRequest archive, RestoreRequest other, Path library, int sampleSize) {
    Path a = TempFiles.allocate(workDirectory(library), "compare.db");
    Path b = other == null ? null : TempFiles.allocate(workDirectory(library), "compare.db");
    try {
      ValidatedArchive restored = validate(archive, a, false);
      migrateCopy(a, restored);
      Path replaced = library;
      if (other != null) {
        migrateCopy(b, validate(other, b, false));
        replaced = b;
      } else if (!Files.exists(library)) {
        throw new RestoreFailedException(
            "there is no library at " + library + " to compare with",
            "name a second archive to compare with, or --db the library");
      }
      return new Comparison(compare(replaced, a, sampleSize), restored.schemaVersion());
    } finally {
      TempFiles.delete(a);
      if (b != null) {
        TempFiles.delete(b);
      }
    }
  }

  /**
   * What restoring an archive would change, and the archive's own schema version (the comparison is
   * made after migrating it).
   */
  public record Comparison(LibraryDifference difference, int archiveSchemaVersion) {}

  private LibraryDifference compare(Path replaced, Path restored, int sampleSize) {
    progress.start("Comparing the backup with the library", -1);
    try {
      return LibraryDiff.compare(replaced, restored, sampleSize);
    } finally {
      progress.finish();
    }
  }

  /** An extracted archive's database, migrated to the current schema when it is older. */
  private static void migrateCopy(Path copy, ValidatedArchive archive) {
    if (archive.schemaVersion() < LibrarySchema.CURRENT_VERSION) {
      try (Library library = Library.open(copy, Library.Mode.AS_IS)) {
        library.migrate("backup");
      }
    }
  }

  /**
   * Where the restored library goes: the file a symbolic link names, not the link (a library kept
   * on another disk through a link stays there, and the link keeps working).
   */
  private static Path installedPath(Path library) {
    Path absolute = library.toAbsolutePath();
    if (Files.isSymbolicLink(absolute)) {
      try {
        return absolute.toRealPath();
      } catch (IOException e) {
        // A dangling link: the restore puts a library where the link is.
        log.debug("{} is a symbolic link that names nothing: {}", absolute, e.getMessage());
      }
    }
    return absolute;
  }

  /** Beside the library when its directory exists (same disk), else the system's temp dir. */
  private static Path workDirectory(Path library) {
    Path dir = library.toAbsolutePath().getParent();
    return Files.isDirectory(dir) ? dir : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Restores as {@code request} says, asking {@code confirmation} before replacing a library. */
  public RestoreResult restore(RestoreRequest request, Confirmation confirmation) {
    Instant started = Instant.now();
    Path library = installedPath(request.library());
    Path dir = library.getParent();
    boolean existed = Files.exists(library);
    // An empty library (vpo's first run on a new machine made it) is replaced without asking
    // and without a safety copy: there is nothing to lose.
    boolean hasData = existed && hasData(library);
    log.atInfo()
        .addKeyValue("source", request.sourceName())
        .addKeyValue("library", library)
        .log("restore started");
    if (existed) {
      LibraryGuard.checkNotInUse(library);
    }
    List<Path> createdDirs = createDirectories(dir);
    Path temp = TempFiles.allocate(dir, "restore.db");
    boolean swapped = false;
    try {
      long t0 = System.nanoTime();
      ValidatedArchive archive = validate(request, temp, true);
      long t1 = System.nanoTime();
      RestorePreview preview = preview(request, archive);
      for (String w : preview.warnings()) {
        log.warn("{}: {}", request.sourceName(), w);
      }
      Integer current = preview.librarySchemaVersion();
      if (current != null && current > LibrarySchema.CURRENT_VERSION) {
        // A library from a newer VPO is never written to, and replacing it is writing.
        throw SchemaIncompatibleException.newerThanSupported("library", current);
      }
      // Migrated before the question, so what it would change is measured against the library
      // as it would be installed.
      migrateCopy(temp, archive);
      if (hasData) {
        confirmation.confirm(
            preview, () -> compare(library, temp, LibraryDiff.DEFAULT_SAMPLE_SIZE));
      }
      Integer migratedFrom =
          archive.schemaVersion() < LibrarySchema.CURRENT_VERSION ? archive.schemaVersion() : null;
      long t2 = System.nanoTime();
      // The library keeps its identity when a restore replaces it (its archives stay its own);
      // restored where there was none (a new machine), it is the archive's library again.
      prepareForInstall(temp, hasData ? idOfReplaced(library) : null);
      sync(temp, existed ? PrivateFiles.modeOf(library) : PrivateFiles.FILE);
      long t3 = System.nanoTime();
      String safety = swap(temp, library, existed, hasData && request.safetyBackup(), request);
      swapped = true;
      log.atDebug()
          .addKeyValue("validate_ms", (t1 - t0) / 1_000_000)
          .addKeyValue("preview_and_confirm_ms", (t2 - t1) / 1_000_000)
          .addKeyValue("install_ms", (t3 - t2) / 1_000_000)
          .addKeyValue("swap_ms", (System.nanoTime() - t3) / 1_000_000)
          .log("restore phases");
      RestoreResult result =
          new RestoreResult(
              preview, library, Duration.between(started, Instant.now()), safety, migratedFrom);
      log.atInfo()
          .addKeyValue("source", request.sourceName())
          .addKeyValue("library", library)
          .addKeyValue("safety_backup", safety)
          .addKeyValue("migrated_from", migratedFrom)
          .addKeyValue("file_count", preview.fileCount())
          .addKeyValue("duration_ms", result.duration().toMillis())
          .addKeyValue("outcome", "success")
          .log("restore finished");
      return result;
    } catch (IOException e) {
      throw new RestoreFailedException(
          "restore failed: " + e.getMessage(), "nothing was changed; check the paths", e);
    } finally {
      if (!swapped) {
        TempFiles.delete(temp);
        removeCreated(createdDirs);
      }
    }
  }

  /**
   * The id of the library a restore replaces, given one now if it has none (the Python VPO made
   * it): its safety copy holds it, and the restored library keeps it. Taking the archive's id
   * instead would make it, as far as archives go, the archive's library, whose archives its prune
   * would then delete. A file that is not a library has no identity to keep.
   */
  private static String idOfReplaced(Path library) {
    try {
      return Library.ensureLibraryId(library);
    } catch (LibraryLockedException e) {
      throw e;
    } catch (VpoException e) {
      log.debug("{} has no id to keep: {}", library, e.getMessage());
      return null;
    }
  }

  private ValidatedArchive validate(RestoreRequest request, Path temp, boolean keep) {
    ArchiveValidator validator =
        keep ? ArchiveValidator.flushingWhileChecking(progress) : new ArchiveValidator(progress);
    ValidatedArchive archive;
    try (InputStream in = open(request)) {
      archive = validator.validate(in, temp, copyDate(request));
    } catch (NoSuchFileException e) {
      throw new RestoreFailedException(
          "no archive at " + request.sourceName(),
          "check the path; list backups with 'vpo library backups'",
          e);
    } catch (AccessDeniedException e) {
      throw new RestoreFailedException(
          "cannot "
              + (temp.toString().equals(e.getFile())
                  ? "write in " + temp.getParent()
                  : "read " + e.getFile())
              + ": permission denied",
          "check the permissions, or restore as a user who may; nothing was changed",
          e);
    } catch (IOException e) {
      if (FreeSpace.isDiskFull(e)) {
        throw FreeSpace.diskFull(temp.getParent(), e);
      }
      // An I/O error is the disk's or the network's, never a verdict on the archive.
      throw new RestoreFailedException(
          "cannot read " + request.sourceName() + ": " + e.getMessage(),
          "check the disk or the connection and try again; nothing was changed",
          e);
    }
    if (archive.unrestorable() != null) {
      throw archive.unrestorable();
    }
    return archive;
  }

  /** The archive's plain bytes: from a location or a stream, decrypted when it is an age file. */
  private static InputStream open(RestoreRequest request) throws IOException {
    InputStream raw;
    if (request.source() instanceof RestoreRequest.Source.Stored stored) {
      checkReadable(stored);
      raw = stored.location().read(stored.name());
    } else {
      raw = ((RestoreRequest.Source.Stream) request.source()).in();
    }
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(AgeEncryption.DETECT_BYTES);
    byte[] head = in.readNBytes(AgeEncryption.DETECT_BYTES);
    in.reset();
    if (request.source() instanceof RestoreRequest.Source.Stored stored
        && Library.isDatabaseHeader(head)) {
      try {
        refuseUnfinished(stored);
      } catch (RuntimeException e) {
        in.close();
        throw e;
      }
    }
    if (AgeEncryption.isAgeFile(head, head.length)) {
      List<Identity> identities;
      try {
        identities = request.identities().get();
      } catch (RuntimeException e) {
        in.close();
        throw e;
      }
      return AgeEncryption.decrypt(in, identities, request.sourceName());
    }
    return in;
  }

  /**
   * A database given in place of an archive is read from its main file only: one with changes still
   * in its {@code -wal} would be restored without them, one with a rollback journal of an
   * unfinished transaction perhaps half-written. Either is in use, or was not closed cleanly.
   */
  private static void refuseUnfinished(RestoreRequest.Source.Stored stored) {
    Optional<Path> dir = stored.location().localDirectory();
    if (dir.isEmpty()) {
      return;
    }
    Path file = dir.get().resolve(stored.name());
    Library.unfinishedSideFile(file)
        .ifPresent(
            side -> {
              throw new RestoreFailedException(
                  file
                      + " is a library with "
                      + (side.equals(Library.walOf(file))
                          ? "changes still in its write-ahead log ("
                          : "an unfinished transaction in its rollback journal (")
                      + side.getFileName()
                      + "): it is in use, or was not closed cleanly",
                  "back it up with 'vpo --db "
                      + file
                      + " library backup' and restore that archive; nothing was changed");
            });
  }

  /**
   * The date of a database given in place of an archive, which records none: the time in its name
   * (a safety copy's), else when the file was last written, else now.
   */
  private static Instant copyDate(RestoreRequest request) {
    if (!(request.source() instanceof RestoreRequest.Source.Stored stored)) {
      return null;
    }
    Optional<Instant> named = BackupNames.timeOf(stored.name());
    if (named.isPresent()) {
      return named.get();
    }
    try {
      Optional<Path> dir = stored.location().localDirectory();
      return dir.isPresent()
          ? Files.getLastModifiedTime(dir.get().resolve(stored.name())).toInstant()
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void checkReadable(RestoreRequest.Source.Stored stored)
      throws NoSuchFileException {
    if (stored.location().localDirectory().isEmpty()) {
      return;
    }
    Path file = stored.location().localDirectory().get().resolve(stored.name());
    if (Files.isDirectory(file)) {
      throw new RestoreFailedException(
          file + " is a directory, not an archive",
          "name an archive file; list them with 'vpo library backups'");
    }
  }

  private RestorePreview preview(RestoreRequest request, ValidatedArchive archive) {
    Path library = request.library();
    Integer current = null;
    if (Files.exists(library)) {
      try {
        current = Library.peekVersion(library);
      } catch (RuntimeException e) {
        current = null;
      }
    }
    BackupMetadata m = archive.metadata();
    List<String> warnings = new ArrayList<>(archive.warnings());
    if (archive.schemaVersion() < LibrarySchema.CURRENT_VERSION) {
      warnings.add(
          "the backup is at schema "
              + archive.schemaVersion()
              + "; it will be migrated to "
              + LibrarySchema.CURRENT_VERSION
              + " after the restore");
    }
    return new RestorePreview(
        request.sourceName(),
        m.createdAt(),
        m.vpoVersion(),
        m.kind(),
        archive.schemaVersion(),
        LibrarySchema.CURRENT_VERSION,
        current,
        archive.databaseSizeBytes(),
        archive.fileCount(),
        Files.exists(library),
        List.copyOf(warnings),
        null);
  }

  /**
   * Migrates the restored copy if it is older, then switches it to WAL, as VPO runs its library:
   * every later connection then holds the {@code -shm} lock that in-use detection sees, even when
   * idle. Closing the connection folds and removes the copy's own {@code -wal}, so only the main
   * file is renamed into place.
   */
  private static void prepareForInstall(Path db, String libraryId) {
    try (Library copy = Library.open(db, Library.Mode.AS_IS)) {
      if (libraryId != null) {
        copy.setLibraryId(libraryId);
      }
      copy.useWal();
    }
    if (Files.exists(Library.walOf(db))) {
      throw new RestoreFailedException(
          "the restored copy " + db + " kept a write-ahead log after closing",
          "nothing was changed; try again",
          null);
    }
  }

  /** Keeps the guarded library as the pre-restore copy ({@link SafetyCopy}); returns its path. */
  private String keepCurrent(Path library, LibraryGuard guard, Path backupDir) {
    try {
      return SafetyCopy.keep(library, guard, backupDir, Instant.now(), progress).toString();
    } catch (InsufficientSpaceException e) {
      throw e;
    } catch (IOException | VpoException e) {
      throw new RestoreFailedException(
          "cannot save a safety copy of the current library in "
              + backupDir
              + ": "
              + e.getMessage(),
          "nothing was changed; fix that, or run again with --no-safety-backup to replace the"
              + " library without a copy",
          e);
    }
  }

  /**
   * Puts {@code temp} in place of {@code library}; returns the safety copy, if one was kept. For an
   * existing library, everything from the safety copy to the rename happens under the guard, so no
   * other process can change the library in between.
   */
  private String swap(
      Path temp, Path library, boolean existed, boolean saveCurrent, RestoreRequest request)
      throws IOException {
    Path dir = library.getParent();
    if (!existed) {
      removeSideFiles(library);
      try {
        AtomicFile.publish(temp, library, false);
      } catch (FileAlreadyExistsException e) {
        throw new LibraryLockedException(
            "a library appeared at " + library + " while restoring",
            "run the restore again to replace it",
            e);
      }
      TempFiles.release(temp);
      AtomicFile.syncDirectory(dir);
      return null;
    }
    foldWal(library);
    try (LibraryGuard guard = LibraryGuard.acquire(library)) {
      if (LibraryGuard.hasPendingJournal(library)) {
        throw new LibraryLockedException(
            "library " + library + " was written to while restoring",
            "stop the other program using it and try again",
            null);
      }
      String safety = saveCurrent ? keepCurrent(library, guard, request.backupDir()) : null;
      removeSideFiles(library);
      Files.move(
          temp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      TempFiles.release(temp);
      AtomicFile.syncDirectory(dir);
      if (safety != null) {
        SafetyCopy.makePrivate(Path.of(safety));
      }
      return safety;
    }
  }

  /**
   * Merges the old library's WAL into its file and switches it to rollback mode, which removes the
   * {@code -wal}. SQLite refuses (locked) if another connection has the library open.
   */
  private static void foldWal(Path library) {
    try (Library old = Library.open(library, Library.Mode.AS_IS)) {
      old.foldWal();
    } catch (LibraryLockedException e) {
      throw new LibraryLockedException(
          "library " + library + " is in use by another process",
          "stop the VPO daemon or other program using it and try again",
          e);
    } catch (VpoException e) {
      // A file that is not a database has no WAL to fold; the guard still checks for users.
      log.warn("could not fold the WAL of {}: {}", library, e.getMessage());
    }
  }

  private static void removeSideFiles(Path library) throws IOException {
    Files.deleteIfExists(Library.walOf(library));
    Files.deleteIfExists(Library.shmOf(library));
  }

  /**
   * Gives the restored file its mode, then flushes it: the mode of the library it replaces (a
   * library the user shares with a group stays shared), or 0600 for a new one. Until here it was
   * private, from its first byte.
   */
  private static void sync(Path file, Set<PosixFilePermission> mode) throws IOException {
    PrivateFiles.setMode(file, mode);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static List<Path> createDirectories(Path dir) {
    List<Path> created = new ArrayList<>();
    Path p = dir;
    while (p != null && !Files.exists(p)) {
      created.add(0, p);
      p = p.getParent();
    }
    try {
      PrivateFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new RestoreFailedException(
          "cannot create " + dir + ": " + e.getMessage(), "check the permissions of its parent", e);
    }
    return created;
  }

  private static void removeCreated(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(created.get(i));
      } catch (IOException e) {
        // Not empty after all (something else wrote there): leave it.
      }
    }
  }
}
