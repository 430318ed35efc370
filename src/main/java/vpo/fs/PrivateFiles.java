package vpo.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read. The library names every file of the user's collection, so its
 * copies and their directories are 0600 and 0700.
 */
public final class PrivateFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /** Attributes for creating a private file, empty where POSIX permissions are unsupported. */
  public static FileAttribute<?>[] fileAttributes() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /**
   * Opens {@code file} for writing from its start, created private (0600) if missing; an existing
   * file (a temp file the caller allocated) is truncated and keeps its mode.
   */
  public static OutputStream newOutputStream(Path file) throws IOException {
    return Channels.newOutputStream(
        Files.newByteChannel(
            file,
            EnumSet.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE),
            fileAttributes()));
  }

  /**
   * Creates {@code dir} and missing parents. Directories this call creates are 0700; existing ones
   * are left as they are, since they may be shared on purpose.
   */
  public static void createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      if (POSIX) {
        Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIR));
        // The umask may have narrowed the mode at creation; widen to exactly 0700.
        Files.setPosixFilePermissions(absolute, DIR);
      } else {
        Files.createDirectory(absolute);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
    }
  }

  /** Sets {@code file} to 0600 where the file system supports it. */
  public static void restrict(Path file) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  /**
   * The permissions of {@code file}, or {@link #FILE} where the file system has none; a file that
   * cannot be read for them counts as private.
   */
  public static Set<PosixFilePermission> modeOf(Path file) {
    if (!POSIX) {
      return FILE;
    }
    try {
      return Files.getPosixFilePermissions(file);
    } catch (IOException e) {
      return FILE;
    }
  }

  /** Sets {@code file} to {@code mode} where the file system supports it. */
  public static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(file, mode);
    }
  }

  /** Sets {@code dir} to 0700 where the file system supports it. */
  public static void restrictDirectory(Path dir) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(dir, DIR);
    }
  }
}
