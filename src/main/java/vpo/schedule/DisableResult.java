package vpo.schedule;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code disable} did.
 *
 * @param name the schedule's name
 * @param removed the files removed: those vpo wrote (and systemd's link to the timer)
 * @param notOurs files with the schedule's name that vpo did not write, left in place
 * @param deactivation whether the service manager stopped the schedule
 */
public record DisableResult(
    ScheduleName name, List<Path> removed, List<Path> notOurs, Activation deactivation) {
  public DisableResult {
    removed = List.copyOf(removed);
    notOurs = List.copyOf(notOurs);
  }

  /** Whether there was a schedule of vpo's to remove. */
  public boolean wasInstalled() {
    return !removed.isEmpty();
  }
}
