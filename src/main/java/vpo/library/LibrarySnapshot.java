package vpo.library;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;

/**
 * A consistent copy of a library in a temp file, in the rollback-journal mode so it is one
 * self-contained file that never needs a {@code -wal}, with the figures a backup records, read from
 * the copy itself so they describe exactly the state copied.
 */
public final class LibrarySnapshot implements AutoCloseable {
  private final Path file;
  private final long sizeBytes;
  private final int schemaVersion;
  private final long fileCount;
  private final long totalLibraryBytes;
  private final String libraryId;

  private LibrarySnapshot(
      Path file,
      long sizeBytes,
      int schemaVersion,
      long fileCount,
      long totalLibraryBytes,
      String libraryId) {
    this.file = file;
    this.sizeBytes = sizeBytes;
    this.schemaVersion = schemaVersion;
    this.fileCount = fileCount;
    this.totalLibraryBytes = totalLibraryBytes;
    this.libraryId = libraryId;
  }

  /**
   * Copies the library open in {@code source} to a new temp file in {@code dir}, while other
   * processes may read and write it (see {@link Library#copyTo}).
   */
  public static LibrarySnapshot take(Library source, Path dir) {
    Path target = TempFiles.allocate(dir, "snapshot.db");
    try {
      // Private from its first byte: SQLite would create the file with the umask's mode (0644),
      // and it holds every file name of the user's collection. SQLite keeps an existing file's
      // mode, and gives its journal the same.
      Files.createFile(target, PrivateFiles.fileAttributes());
      source.copyTo(target);
      return describe(target, source.path());
    } catch (IOException e) {
      TempFiles.delete(target);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      TempFiles.delete(target);
      throw e;
    }
  }

  /**
   * Switches the copy to rollback mode and reads its figures. A damaged copy still yields what can
   * be read; its damage is for {@link #quickCheck} to report.
   */
  private static LibrarySnapshot describe(Path copy, Path source) throws IOException {
    int version;
    long files;
    long bytes;
    String id;
    try (Library c = Library.open(copy, Library.Mode.AS_IS)) {
      c.useRollbackJournal();
      try {
        version = c.schemaVersion();
      } catch (NotALibraryException e) {
        throw new NotALibraryException(source);
      }
      files = Library.orZero(c::fileCount);
      bytes = Library.orZero(c::totalMediaBytes);
      id = c.libraryId();
    }
    return new LibrarySnapshot(copy, Files.size(copy), version, files, bytes, id);
  }

  /** {@link Library#quickCheck} of the copy: its problems, empty when it passes. */
  public List<String> quickCheck() {
    try (Library c = Library.open(file, Library.Mode.AS_IS)) {
      return c.quickCheck();
    } catch (RuntimeException e) {
      return List.of(String.valueOf(e.getMessage()));
    }
  }

  public Path file() {
    return file;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public long fileCount() {
    return fileCount;
  }

  public long totalLibraryBytes() {
    return totalLibraryBytes;
  }

  /** The library's id as copied, or null when it has none. */
  public String libraryId() {
    return libraryId;
  }

  /** Deletes the copy. */
  @Override
  public void close() {
    TempFiles.delete(file);
  }
}
