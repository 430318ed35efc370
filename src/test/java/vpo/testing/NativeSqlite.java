package vpo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.sqlite.util.OSInfo;

/**
 * SQLite's native library for the JVMs the tests start, extracted once into {@code
 * target/test-native} and loaded from there, as the launcher does: otherwise sqlite-jdbc copies it
 * to the temp directory on every start, and a JVM a test kills leaves the copy and its lock file.
 */
public final class NativeSqlite {
  private static List<String> options;

  private NativeSqlite() {}

  /** The JVM options that load the one extracted copy. */
  public static synchronized List<String> jvmOptions() {
    if (options == null) {
      String name = System.mapLibraryName("sqlitejdbc");
      String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/";
      if (NativeSqlite.class.getResource(resource + name) == null) {
        // macOS names it .dylib; mapLibraryName may say .jnilib on old JDKs.
        name = "libsqlitejdbc.dylib";
      }
      Path dir =
          Path.of(System.getProperty("basedir", ""), "target", "test-native").toAbsolutePath();
      Path lib = dir.resolve(name);
      try (InputStream in = NativeSqlite.class.getResourceAsStream(resource + name)) {
        if (in == null) {
          return options = List.of();
        }
        byte[] bytes = in.readAllBytes();
        if (!Files.exists(lib) || Files.size(lib) != bytes.length) {
          Files.createDirectories(dir);
          Path temp = Files.createTempFile(dir, ".extract", ".tmp");
          Files.write(temp, bytes);
          Files.move(
              temp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract SQLite's native library", e);
      }
      options = List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + name);
    }
    return options;
  }
}
