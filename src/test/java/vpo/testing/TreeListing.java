package vpo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Files under a directory, for "nothing was left behind" assertions. */
public final class TreeListing {
  private TreeListing() {}

  /** Every file and directory under {@code root}, as sorted paths relative to it. */
  public static List<String> of(Path root) {
    return matching(root, p -> true).stream().map(p -> root.relativize(p).toString()).toList();
  }

  /** Temp files of vpo ({@code .vpo-tmp-*}) anywhere under {@code root}. */
  public static List<Path> tempFiles(Path root) {
    return matching(root, p -> p.getFileName().toString().startsWith(".vpo-tmp-"));
  }

  /** Backup archives ({@code vpo-library-*.tar.gz}) anywhere under {@code root}. */
  public static List<Path> archives(Path root) {
    return matching(
        root,
        p -> {
          String n = p.getFileName().toString();
          return n.startsWith("vpo-library-") && n.endsWith(".tar.gz");
        });
  }

  /** Backup archives directly in {@code dir}, sorted by name. */
  public static List<Path> archivesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.startsWith("vpo-library-") && n.endsWith(".tar.gz");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> matching(Path root, Predicate<Path> filter) {
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
