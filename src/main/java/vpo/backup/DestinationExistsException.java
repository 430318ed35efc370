package vpo.backup;

import vpo.VpoException;

/** The archive named with {@code -o} exists, and the user did not say to overwrite it. */
public final class DestinationExistsException extends VpoException {
  /**
   * @param archive the archive as the user names it (a path or an {@code s3://} URL)
   */
  public DestinationExistsException(String archive) {
    super(
        archive + " already exists",
        "use --force to overwrite it, or choose another name with -o (or a directory)");
  }
}
