package vpo.crypto;

import java.nio.file.Path;
import vpo.ShellQuoting;

/**
 * An identity file that users other than its owner may read. Refused, as ssh refuses a private key:
 * a secret key others could have copied protects nothing. The hint is the exact command that fixes
 * it.
 */
public final class KeyFileExposedException extends KeyFileException {
  private final Path path;

  KeyFileExposedException(Path path, String mode) {
    super(
        "identity file "
            + path
            + " is readable by other users (mode "
            + mode
            + "); a secret key must be private to its owner",
        "chmod 600 " + ShellQuoting.quote(path.toString()));
    this.path = path;
  }

  /** The file, as it was named. */
  public Path path() {
    return path;
  }
}
