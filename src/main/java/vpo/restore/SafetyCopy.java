package vpo.restore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.BackupKind;
import vpo.archive.BackupNames;
import vpo.fs.AtomicFile;
import vpo.fs.FreeSpace;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;
import vpo.library.LibraryException;
import vpo.library.LibraryGuard;
import vpo.progress.ProgressListener;

/**
 * The library a restore replaces, kept so that the restore can be undone: the replaced file itself,
 * as a database named {@code vpo-library-<time>-pre-restore.db} in the backup directory, which
 * {@code vpo library restore} restores like any archive.
 *
 * <p>When this runs the old library is quiescent: its WAL is folded into it, it is in rollback mode
 * with no journal, and the restore holds its {@link LibraryGuard}, so its file is one complete,
 * consistent database that nobody can change. Where the backup directory is on the library's file
 * system, the copy is a second name (a hard link) for that file, made before the new file is
 * renamed over the library: it costs no time and no space (the old file's blocks would otherwise be
 * freed), and from then on the old library is reachable at every instant, under one name or the
 * other. Elsewhere its bytes are copied to a temp file there, flushed and renamed into place.
 *
 * <p>A restore killed between the link and the rename leaves the library itself under a second,
 * safety-copy name: harmless (deleting a name never touches the library), but not a copy of
 * anything. Every command removes such names first ({@link #removeLeftovers}), as soon as no other
 * program has the library open.
 */
public final class SafetyCopy {
  private static final Logger log = LoggerFactory.getLogger(SafetyCopy.class);

  private SafetyCopy() {}

  /**
   * Keeps the guarded {@code library} in {@code backupDir} as the pre-restore copy made at {@code
   * created}; returns its path.
   */
  static Path keep(
      Path library, LibraryGuard guard, Path backupDir, Instant created, ProgressListener progress)
      throws IOException {
    PrivateFiles.createDirectories(backupDir);
    IOException linkFailure = null;
    for (int n = 1; linkFailure == null; n++) {
      Path target = backupDir.resolve(BackupNames.databaseName(created, BackupKind.PRE_RESTORE, n));
      if (taken(target)) {
        continue;
      }
      try {
        // The file itself, not a symbolic link that names it: link(2) does not follow links.
        Files.createLink(target, library.toRealPath());
        AtomicFile.syncDirectory(backupDir);
        log.atInfo()
            .addKeyValue("library", library)
            .addKeyValue("safety_copy", target)
            .log("kept the replaced library as a second name for its file");
        return target;
      } catch (FileAlreadyExistsException e) {
        // Taken meanwhile: the next name.
      } catch (IOException e) {
        linkFailure = e;
      } catch (UnsupportedOperationException e) {
        linkFailure = new IOException(e.getMessage(), e);
      }
    }
    log.debug("cannot link {} into {}, copying it: {}", library, backupDir, linkFailure.toString());
    return copy(library, guard, backupDir, created, progress);
  }

  /**
   * Makes the kept copy private (0600), as every backup is, once the rename has made it no longer
   * the library (a linked copy has the library's mode until then, which the user chose for the
   * library, not for its backups). A copy that stays readable is only logged: the backup directory
   * is private too.
   */
  static void makePrivate(Path copy) {
    try {
      PrivateFiles.restrict(copy);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot make the safety copy {} private: {}", copy, e.getMessage());
    }
  }

  /** Copies the library's bytes into the backup directory (another file system). */
  private static Path copy(
      Path library, LibraryGuard guard, Path backupDir, Instant created, ProgressListener progress)
      throws IOException {
    long size = Files.size(library);
    FreeSpace.require(backupDir, size + (1 << 20), "the safety copy of the current library");
    Path temp = TempFiles.allocate(backupDir, "pre-restore.db");
    try {
      progress.start("Saving a safety copy of the current library", size);
      try {
        guard.copyTo(temp, progress::advance);
      } finally {
        progress.finish();
      }
      for (int n = 1; ; n++) {
        Path target =
            backupDir.resolve(BackupNames.databaseName(created, BackupKind.PRE_RESTORE, n));
        if (taken(target)) {
          continue;
        }
        try {
          AtomicFile.publish(temp, target, false);
        } catch (FileAlreadyExistsException e) {
          continue;
        }
        TempFiles.release(temp);
        AtomicFile.syncDirectory(backupDir);
        log.atInfo()
            .addKeyValue("library", library)
            .addKeyValue("safety_copy", target)
            .addKeyValue("size_bytes", size)
            .log("copied the replaced library");
        return target;
      }
    } catch (IOException | RuntimeException e) {
      TempFiles.delete(temp);
      if (e instanceof IOException io && FreeSpace.isDiskFull(io)) {
        throw FreeSpace.diskFull(backupDir, io);
      }
      throw e;
    }
  }

  /** A name already in use, as a database copy or as an archive of the same stem. */
  private static boolean taken(Path target) {
    String name = target.getFileName().toString();
    String stem = name.substring(0, name.length() - BackupNames.DATABASE_EXTENSION.length());
    return Files.exists(target)
        || Files.exists(target.resolveSibling(stem + BackupNames.EXTENSION))
        || Files.exists(target.resolveSibling(stem + BackupNames.ENCRYPTED_EXTENSION));
  }

  /**
   * Whether {@code copy} is the library at {@code library} under another name: what a restore
   * killed between keeping its safety copy and replacing the library leaves. Never a copy to list.
   */
  public static boolean isTheLibrary(Path copy, Path library) {
    try {
      // Another name for the same file; not the library's own name (--db may point at a copy).
      return Files.exists(library)
          && Files.isSameFile(copy, library)
          && !copy.toRealPath().equals(library.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Removes from {@code backupDir} the safety-copy names that are {@code library} itself, left by a
   * restore killed before it replaced the library (the library is intact and keeps its name), when
   * no restore is under way: one holds the library's guard from the link to the rename. Returns the
   * names removed. Never fails; must run before this process opens the library.
   */
  public static List<Path> removeLeftovers(Path library, Path backupDir) {
    List<Path> aliases = new ArrayList<>();
    if (backupDir == null || !Files.isDirectory(backupDir) || !Files.exists(library)) {
      return aliases;
    }
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(
            backupDir, BackupNames.PREFIX + "*" + BackupNames.DATABASE_EXTENSION)) {
      for (Path p : files) {
        if (BackupNames.isDatabaseCopy(p.getFileName().toString()) && isTheLibrary(p, library)) {
          aliases.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    if (aliases.isEmpty()) {
      return aliases;
    }
    List<Path> removed = new ArrayList<>();
    try (LibraryGuard guard = LibraryGuard.acquire(library)) {
      for (Path p : aliases) {
        if (isTheLibrary(p, library)) {
          Files.delete(p);
          removed.add(p);
          log.atInfo()
              .addKeyValue("path", p)
              .addKeyValue("library", library)
              .log("removed a safety copy name left by an interrupted restore: it was the library");
        }
      }
      AtomicFile.syncDirectory(backupDir);
    } catch (LibraryException | IOException e) {
      // A restore (or another program) holds the library: left for a later command.
      log.debug("left {} for now: {}", aliases, e.getMessage());
    }
    return removed;
  }
}
