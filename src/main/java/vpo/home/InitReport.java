package vpo.home;

import java.nio.file.Path;
import vpo.library.LibrarySchema;

/**
 * What {@code vpo init} found and created.
 *
 * @param schemaVersion the library's schema version; above {@link
 *     vpo.library.LibrarySchema#CURRENT_VERSION} when an existing library is newer than vpo, which
 *     init then leaves exactly as it is
 */
public record InitReport(
    Path dataDir,
    boolean dataDirCreated,
    Path configFile,
    boolean configCreated,
    Path database,
    boolean databaseCreated,
    int schemaVersion,
    Path backupDir,
    boolean backupDirCreated) {

  /** Whether this vpo can work with the library. */
  public boolean librarySupported() {
    return schemaVersion <= LibrarySchema.CURRENT_VERSION;
  }
}
