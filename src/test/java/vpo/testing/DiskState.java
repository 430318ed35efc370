package vpo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What is on disk, for "nothing changed" and "nothing was left behind" assertions: every path under
 * a directory with the SHA-256 of its bytes ({@link #of}), or listings of names, paths, vpo's temp
 * files and backup archives. Listings are sorted, and empty for a directory that does not exist.
 */
public final class DiskState {
  private DiskState() {}

  /**
   * The state of the tree under {@code root}, leaving out whatever lies under {@code skipped}: each
   * path (relative to the root) with the SHA-256 of its bytes, {@code dir} for directories, or the
   * target of a symlink. Equal states mean no file appeared, vanished or changed by a single byte.
   */
  public static SortedMap<String, String> of(Path root, Path... skipped) {
    List<Path> skip = Stream.of(skipped).map(p -> p.toAbsolutePath().normalize()).toList();
    SortedMap<String, String> state = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path abs = p.toAbsolutePath().normalize();
        if (skip.stream().anyMatch(abs::startsWith)) {
          continue;
        }
        String key = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          state.put(key, "symlink -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          state.put(key + "/", "dir");
        } else {
          state.put(key, Sha256.of(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return state;
  }

  /** The names in {@code dir} (not recursive). */
  public static List<String> names(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file and directory under {@code root}, as paths relative to it. */
  public static List<String> paths(Path root) {
    return walk(root, p -> true).stream().map(p -> root.relativize(p).toString()).toList();
  }

  /** Temp files of vpo ({@code .vpo-tmp-*}) anywhere under {@code root}. */
  public static List<Path> tempFiles(Path root) {
    return walk(root, p -> p.getFileName().toString().startsWith(".vpo-tmp-"));
  }

  /**
   * Temp files this JVM's vpo left directly in the system's temp directory (where verify and
   * restore from a remote location or a stream may work), named {@code .vpo-tmp-<pid>-*}: other
   * processes' files there are not this test's business.
   */
  public static List<Path> tempFilesOfThisProcessInSystemTemp() {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    String prefix = ".vpo-tmp-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Backup archives ({@code vpo-library-*.tar.gz}) anywhere under {@code root}. */
  public static List<Path> archives(Path root) {
    return walk(root, DiskState::isArchive);
  }

  /** Backup archives directly in {@code dir}. */
  public static List<Path> archivesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(DiskState::isArchive).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The size of a file, in bytes. */
  public static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isArchive(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith("vpo-library-")
        && (n.endsWith(".tar.gz") || n.matches(".*-pre-restore(-\\d+)?\\.db"));
  }

  private static List<Path> walk(Path root, Predicate<Path> filter) {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root)).filter(filter).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
