package vpo.restore;

import java.io.InputStream;
import java.nio.file.Path;
import vpo.crypto.Identities;
import vpo.location.BackupLocation;

/**
 * What to restore, and where.
 *
 * @param source the archive
 * @param library the library file to create or replace
 * @param backupDir where the pre-restore safety copy goes
 * @param safetyBackup whether to save the current library first
 * @param identities age identities for an encrypted archive
 */
public record RestoreRequest(
    Source source, Path library, Path backupDir, boolean safetyBackup, Identities identities) {

  /** Where the archive comes from. */
  public sealed interface Source {
    /** How the user names it. */
    String display();

    /** The archive {@code name} in a backup location (a local directory or an S3 prefix). */
    record Stored(BackupLocation location, String name) implements Source {
      @Override
      public String display() {
        return location.display(name);
      }
    }

    /** The archive's bytes on a stream (standard input). */
    record Stream(InputStream in) implements Source {
      @Override
      public String display() {
        return "-";
      }
    }
  }

  /** How the source is named to the user. */
  public String sourceName() {
    return source.display();
  }
}
