package vpo.archive;

import vpo.VpoException;

/**
 * A backup archive that must not be trusted: damaged gzip or tar data, a missing, duplicated or
 * non-regular entry, an oversized or malformed metadata entry. The message names the problem in one
 * line.
 */
public final class ArchiveInvalidException extends VpoException {
  public static final String HINT =
      "the archive is damaged or not a vpo backup; choose another archive";

  public ArchiveInvalidException(String message) {
    super(message, HINT);
  }

  public ArchiveInvalidException(String message, Throwable cause) {
    super(message, HINT, cause);
  }
}
