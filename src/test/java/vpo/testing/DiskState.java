package vpo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything under a directory, for "nothing on disk changed" assertions: each path (relative to
 * the root) with the SHA-256 of its bytes, {@code dir} for directories, or the target of a symlink.
 * Equal states mean no file appeared, vanished or changed by a single byte.
 */
public final class DiskState {
  private DiskState() {}

  /** The state of the tree under {@code root}, leaving out whatever lies under {@code skipped}. */
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
          state.put(key, ArchiveBuilder.sha256(Files.readAllBytes(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return state;
  }

  /** The names in {@code dir} (not recursive), sorted; empty if it does not exist. */
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
}
