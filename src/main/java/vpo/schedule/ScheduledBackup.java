package vpo.schedule;

import java.nio.file.Path;

/**
 * Everything a schedule installs: which library, under which name, when, and the job.
 *
 * @param name the unit name (one per library)
 * @param library the library's database, absolute
 * @param dataDir the data directory the job uses; launchd writes the job's output into its {@code
 *     logs}
 * @param schedule when it runs
 * @param job what runs
 */
public record ScheduledBackup(
    ScheduleName name, Path library, Path dataDir, Schedule schedule, BackupJob job) {

  /** The file launchd appends the job's output to (systemd keeps it in the user's journal). */
  public static final String LOG_FILE = "scheduled-backup.log";

  public ScheduledBackup {
    library = library.toAbsolutePath().normalize();
    dataDir = dataDir.toAbsolutePath().normalize();
    // The paths are written into unit files and plists too: the same rules as the job's words.
    BackupJob.requireWritable(library.toString(), "the library path");
    BackupJob.requireWritable(dataDir.toString(), "the data directory");
  }

  /** The schedule of {@code library}, named after it ({@link ScheduleName#forLibrary}). */
  public static ScheduledBackup of(
      Path library, Path home, Path dataDir, Schedule schedule, BackupJob job) {
    return new ScheduledBackup(
        ScheduleName.forLibrary(library, home), library, dataDir, schedule, job);
  }

  /** Where launchd writes the job's standard output and error. */
  public Path logFile() {
    return dataDir.resolve("logs").resolve(LOG_FILE);
  }
}
