package vpo.library;

import java.nio.file.Path;

/** There is no library file where the user said one is. */
public final class LibraryNotFoundException extends LibraryException {
  public LibraryNotFoundException(Path file) {
    super(
        "no library at " + file,
        "check --db, VPO_DATABASE_PATH or database_path in the config, or run 'vpo init' to create"
            + " one");
  }
}
