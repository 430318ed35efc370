package vpo.backup;

import java.nio.file.Path;
import vpo.VpoException;

/** The file named with {@code -o} exists, and the user did not say to overwrite it. */
public final class DestinationExistsException extends VpoException {
  public DestinationExistsException(Path file) {
    super(
        file + " already exists",
        "use --force to overwrite it, or choose another name with -o (or a directory)");
  }
}
