package vpo.schedule;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A library's schedule as installed.
 *
 * @param name the schedule's name
 * @param installed whether vpo's schedule files are in place
 * @param files vpo's files that are in place
 * @param backup the schedule and job read back from them; null when not installed
 * @param active whether the service manager has it running; null when it cannot be asked
 * @param nextRun when it runs next, when the service manager says; else null
 * @param notOurs files with the schedule's name that vpo did not write
 */
public record ScheduleStatus(
    ScheduleName name,
    boolean installed,
    List<Path> files,
    ScheduledBackup backup,
    Boolean active,
    Instant nextRun,
    List<Path> notOurs) {
  public ScheduleStatus {
    files = List.copyOf(files);
    notOurs = List.copyOf(notOurs);
  }
}
