package vpo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A directory on another file system than a given path (the tmpfs at {@code /dev/shm}), for what
 * must cross file systems: a hard link cannot. Aborts the test where there is none; {@link #close}
 * removes the directory and everything in it.
 */
public final class OtherFileSystem implements AutoCloseable {
  private static final Path SHARED_MEMORY = Path.of("/dev/shm");
  private final Path dir;

  private OtherFileSystem(Path dir) {
    this.dir = dir;
  }

  /** A fresh directory on a file system other than {@code path}'s. */
  public static OtherFileSystem besides(Path path) {
    try {
      Assumptions.assumeTrue(
          Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY),
          "no writable /dev/shm here");
      Assumptions.assumeFalse(
          Files.getFileStore(SHARED_MEMORY).equals(Files.getFileStore(path)),
          "/dev/shm is on the same file system as " + path);
      return new OtherFileSystem(Files.createTempDirectory(SHARED_MEMORY, "vpo-test-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
