package vpo.library;

import java.nio.file.Path;

/** A SQLite file that declares no VPO schema version: not a VPO library. */
public final class NotALibraryException extends LibraryException {
  public NotALibraryException(Path file) {
    super(
        file + " is not a VPO library (it has no schema version in _meta)",
        "check --db, VPO_DATABASE_PATH or database_path in the config");
  }
}
