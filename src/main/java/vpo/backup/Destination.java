package vpo.backup;

import java.io.OutputStream;
import java.nio.file.Path;

/** Where a backup goes: a directory (an auto-named archive), one named file, or a stream. */
public sealed interface Destination {
  /**
   * An auto-named archive in {@code dir}.
   *
   * @param isDefault whether it is the configured backup directory, which is kept private (0700)
   */
  record Directory(Path dir, boolean isDefault) implements Destination {}

  /** Exactly this file; {@code overwrite} allows replacing an existing one. */
  record File(Path file, boolean overwrite) implements Destination {}

  /** The archive's bytes go to {@code out}, e.g. standard output. */
  record Stream(OutputStream out) implements Destination {}

  /** How the user sees it in messages. */
  default String describe() {
    if (this instanceof Directory d) {
      return d.dir().toString();
    }
    return this instanceof File f ? f.file().toString() : "standard output";
  }
}
