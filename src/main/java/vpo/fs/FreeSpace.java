package vpo.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free-space checks made before work starts, and recognition of a disk that filled up. */
public final class FreeSpace {
  private FreeSpace() {}

  /** Bytes a non-privileged user may still write in the file system holding {@code dir}. */
  public static long available(Path dir) throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  /**
   * Fails with {@link InsufficientSpaceException} unless {@code dir} has room for {@code needed}
   * bytes.
   */
  public static void require(Path dir, long needed, String what) throws IOException {
    long available = available(dir);
    if (available < needed) {
      throw new InsufficientSpaceException(
          "not enough free space in "
              + dir
              + " for "
              + what
              + ": need "
              + ByteSizes.human(needed)
              + ", "
              + ByteSizes.human(available)
              + " available",
          needed,
          available);
    }
  }

  /**
   * Whether {@code e} (or a cause) reports a full disk or exhausted quota. Java exposes no errno,
   * so this reads the messages the JDK and SQLite put there.
   */
  public static boolean isDiskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null
          && (m.contains("No space left on device")
              || m.contains("Disk quota exceeded")
              || m.contains("SQLITE_FULL")
              || m.contains("database or disk is full"))) {
        return true;
      }
    }
    return false;
  }

  /** {@code e} as an {@link InsufficientSpaceException} about {@code where}. */
  public static InsufficientSpaceException diskFull(Path where, Throwable e) {
    long available = -1;
    try {
      available = available(where);
    } catch (IOException ignored) {
      // The original failure is what matters.
    }
    return new InsufficientSpaceException(
        "the disk holding " + where + " filled up: " + e.getMessage(), -1, available, e);
  }
}
