package vpo.restore;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * What to restore, and where.
 *
 * @param archive the archive file, or null when reading {@code stream}
 * @param stream the archive's bytes when not from a file (standard input)
 * @param library the library file to create or replace
 * @param backupDir where the pre-restore safety archive goes
 * @param safetyBackup whether to save the current library first
 */
public record RestoreRequest(
    Path archive, InputStream stream, Path library, Path backupDir, boolean safetyBackup) {

  /** How the source is named to the user. */
  public String sourceName() {
    return archive == null ? "-" : archive.toString();
  }
}
