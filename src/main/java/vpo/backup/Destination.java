package vpo.backup;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a backup goes: a directory (auto-named archive), one named file, or a stream. */
public sealed interface Destination {
  /** An auto-named archive in {@code dir}. */
  record Directory(Path dir, boolean isDefault) implements Destination {}

  /** Exactly this file; {@code overwrite} allows replacing an existing one. */
  record File(Path file, boolean overwrite) implements Destination {}

  /** The archive bytes go to {@code out}, e.g. standard output. */
  record Stream(java.io.OutputStream out) implements Destination {}

  /**
   * Reads {@code -o}: {@code -} is a stream, a name ending in {@code /} or an existing directory is
   * a directory, anything else a file. Null means the default backup directory.
   */
  static Destination parse(
      String arg, Path cwd, Path backupDir, boolean force, java.io.OutputStream stdout) {
    if (arg == null) {
      return new Directory(backupDir, true);
    }
    if (arg.equals("-")) {
      return new Stream(stdout);
    }
    Path p = cwd.resolve(arg).toAbsolutePath().normalize();
    if (arg.endsWith("/") || Files.isDirectory(p)) {
      return new Directory(p, false);
    }
    return new File(p, force);
  }
}
