package vpo.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary files vpo makes beside their destination. Every one is named {@code
 * .vpo-tmp-<pid>-<random>-<purpose>}, so that:
 *
 * <ul>
 *   <li>no temp file matches a backup name ({@code vpo-library-*.tar.gz}) or the library's name;
 *   <li>the files of a process killed outright (SIGKILL, power loss) are recognised and removed by
 *       the next vpo command, which checks that the owning process is gone;
 *   <li>the files of this process are removed on Ctrl-C by a shutdown hook.
 * </ul>
 */
public final class TempFiles {
  public static final String PREFIX = ".vpo-tmp-";
  private static final Logger log = LoggerFactory.getLogger(TempFiles.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
  private static final long PID = ProcessHandle.current().pid();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "vpo-temp-cleanup"));
  }

  private TempFiles() {}

  /**
   * A fresh temp path in {@code dir} (not created), registered for removal if the process is
   * interrupted. Call {@link #release} once the file is renamed or deleted.
   */
  public static Path allocate(Path dir, String purpose) {
    String name =
        PREFIX + PID + "-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + "-" + purpose;
    Path path = dir.resolve(name);
    LIVE.add(path);
    return path;
  }

  /** Forgets {@code path}: it was renamed into place or deleted. */
  public static void release(Path path) {
    LIVE.remove(path);
  }

  /** Deletes {@code path} (and SQLite side files a temp database may have) and forgets it. */
  public static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
      for (String suffix : List.of("-journal", "-wal", "-shm")) {
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + suffix));
      }
    } catch (IOException e) {
      log.warn("could not remove temporary file {}: {}", path, e.toString());
    } finally {
      LIVE.remove(path);
    }
  }

  static void deleteAll() {
    for (Path p : new ArrayList<>(LIVE)) {
      delete(p);
    }
  }

  /**
   * Removes temp files in {@code dir} left by vpo processes that no longer run. Returns the paths
   * removed. Never fails: cleanup must not stop the command that triggered it.
   */
  public static List<Path> removeStale(Path dir) {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path p : entries) {
        long owner = ownerPid(p.getFileName().toString());
        if (owner <= 0 || owner == PID || ProcessHandle.of(owner).isPresent()) {
          continue;
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
          removed.add(p);
          log.info("removed stale temporary file {} left by process {}", p, owner);
        }
      }
    } catch (IOException e) {
      log.warn("could not scan {} for stale temporary files: {}", dir, e.toString());
    }
    return removed;
  }

  static long ownerPid(String name) {
    if (!name.startsWith(PREFIX)) {
      return -1;
    }
    int end = name.indexOf('-', PREFIX.length());
    if (end < 0) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(PREFIX.length(), end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
