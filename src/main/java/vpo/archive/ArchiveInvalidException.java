package vpo.archive;

import vpo.VpoException;

// TEMPORARY STUB until the archive branch is merged.
public final class ArchiveInvalidException extends VpoException {
  public ArchiveInvalidException(String m) {
    super(m, null);
  }
}
