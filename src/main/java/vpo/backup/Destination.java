package vpo.backup;

import java.io.OutputStream;
import vpo.location.BackupLocation;

/** Where a backup goes: an archive in a backup location, or a stream. */
public sealed interface Destination {
  /**
   * An archive in {@code location}: named {@code name}, or auto-named when {@code name} is null.
   *
   * @param overwrite whether an existing archive of that name may be replaced
   * @param isDefault whether it is the configured backup directory, which is kept private (0700)
   */
  record At(BackupLocation location, String name, boolean overwrite, boolean isDefault)
      implements Destination {}

  /** The archive's bytes go to {@code out}, e.g. standard output. */
  record Stream(OutputStream out) implements Destination {}

  /** How the user sees it in messages. */
  default String describe() {
    if (this instanceof At at) {
      return at.name() == null ? at.location().display() : at.location().display(at.name());
    }
    return "standard output";
  }
}
