package vpo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * A library as a killed VPO daemon leaves it: its last committed transactions are still only in the
 * {@code -wal} beside it, with the {@code -shm} the daemon was using. Opening it replays the WAL. A
 * restore must fold these into the safety copy, and must never let them reach the restored library;
 * a refused restore must leave all three files as they were.
 */
public final class UncleanLibrary {
  private UncleanLibrary() {}

  /** The three files of a library: the database, its {@code -wal} and its {@code -shm}. */
  public static List<Path> files(Path db) {
    return List.of(db, sibling(db, "-wal"), sibling(db, "-shm"));
  }

  /**
   * Creates at {@code target} a populated v27 library ({@code files} files from {@code seed}) whose
   * later changes (a third of the files deleted, some updated, a third more added) live only in its
   * {@code -wal}. Returns its content, as any reader sees it.
   */
  public static LibraryContent create(Path target, int files, long seed) {
    return create(target, files, seed, db -> {});
  }

  /** As {@link #create(Path, int, long)}, running {@code prepare} on the library before it. */
  public static LibraryContent create(Path target, int files, long seed, Consumer<Path> prepare) {
    try {
      Path stage = Files.createTempDirectory(target.toAbsolutePath().getParent(), ".stage-");
      Path db = stage.resolve("library.db");
      LibraryFixture.createV27(db);
      LibraryFixture.populate(db, files, seed);
      prepare.accept(db);
      try (Connection keeper = LibraryFixture.connect(db);
          Statement s = keeper.createStatement()) {
        s.execute("PRAGMA wal_autocheckpoint=0");
        // More files, so the database the WAL describes is larger than the file beside it. The
        // keeper stays open, so this connection's close does not checkpoint.
        LibraryFixture.populate(db, Math.max(1, files / 3), seed + 1);
        s.executeUpdate("DELETE FROM files WHERE id % 3 = 0");
        s.executeUpdate(
            "UPDATE files SET scan_error = 'changed after the last checkpoint' WHERE id % 3 = 1");
        s.executeUpdate("DELETE FROM plugin_acknowledgments WHERE rowid % 2 = 0");
        if (Files.size(sibling(db, "-wal")) == 0) {
          throw new IllegalStateException("the changes did not stay in the WAL");
        }
        // Copied while the keeper holds the WAL open and idle: what a crash at this instant leaves.
        List<Path> from = files(db);
        List<Path> to = files(target);
        for (int i = 0; i < 3; i++) {
          Files.copy(from.get(i), to.get(i), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      LibraryContent content = LibraryContent.read(db);
      for (Path p : files(db)) {
        Files.deleteIfExists(p);
      }
      Files.delete(stage);
      return content;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the three files of {@code source} over those of {@code target}, removing extras. */
  public static void copy(Path source, Path target) {
    try {
      List<Path> from = files(source);
      List<Path> to = files(target);
      for (int i = 0; i < 3; i++) {
        if (Files.exists(from.get(i))) {
          Files.copy(from.get(i), to.get(i), StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.deleteIfExists(to.get(i));
        }
      }
      Files.deleteIfExists(sibling(target, "-journal"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path sibling(Path db, String suffix) {
    return db.resolveSibling(db.getFileName() + suffix);
  }
}
