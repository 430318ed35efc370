package vpo.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The warning {@code vpo library info} and {@code vpo library backups} show first when backups have
 * stopped happening, so that a failing schedule cannot go unnoticed.
 *
 * <p>A library is <em>overdue</em> when it has a schedule and has not been known to be backed up
 * for more than twice the schedule's period: neither its newest archive nor the last run (a
 * success, or a skip, which found the library unchanged since its newest archive) is that recent. A
 * skip counts because it confirms the newest archive still holds the library's content: an
 * unchanged library is not overdue however old its archive.
 */
public final class BackupHealth {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private BackupHealth() {}

  /**
   * The warning line, or null when all is well: when the last attempt failed, or when the library
   * is overdue (see above).
   *
   * @param now the current time
   * @param newestBackup when the library's newest archive was made; null when there is none
   * @param schedule the library's schedule; null when none is installed
   * @param lastRun the library's newest recorded run; null when none is recorded
   */
  public static String warning(
      Instant now, Instant newestBackup, Schedule schedule, BackupRun lastRun) {
    boolean failed = lastRun != null && lastRun.outcome() == BackupRun.Outcome.FAILED;
    Instant confirmed = newestBackup;
    if (lastRun != null
        && !failed
        && (confirmed == null || lastRun.finishedAt().isAfter(confirmed))) {
      confirmed = lastRun.finishedAt();
    }
    boolean overdue =
        schedule != null
            && (confirmed == null
                || Duration.between(confirmed, now)
                        .compareTo(schedule.every().period().multipliedBy(2))
                    > 0);
    if (!overdue) {
      return failed
          ? "The last backup attempt failed at "
              + WHEN.format(lastRun.finishedAt())
              + ": "
              + lastRun.error()
          : null;
    }
    String head =
        newestBackup == null
            ? "No backup of this library yet"
            : "Newest backup is " + age(Duration.between(newestBackup, now)) + " old";
    return head + "; " + lastRunClause(schedule, lastRun);
  }

  /** What the last run says about the schedule, for an overdue library. */
  private static String lastRunClause(Schedule schedule, BackupRun run) {
    String every = schedule.every().word();
    if (run == null) {
      return "the " + every + " schedule has not run yet (see vpo library schedule status)";
    }
    String who = run.scheduled() ? "the " + every + " schedule last " : "the last run, by hand, ";
    String at = WHEN.format(run.finishedAt());
    switch (run.outcome()) {
      case FAILED:
        return who + "failed at " + at + ": " + run.error();
      case SKIPPED:
        return who + (run.scheduled() ? "ran" : "was") + " at " + at + " (skipped: unchanged)";
      default:
        return who + (run.scheduled() ? "ran" : "was") + " at " + at + " (backed up)";
    }
  }

  /** {@code 3 days}, {@code 5 hours}, {@code 40 minutes}: the largest unit that fits twice. */
  static String age(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 120) {
      return plural(minutes, "minute");
    }
    long hours = d.toHours();
    if (hours < 48) {
      return plural(hours, "hour");
    }
    return plural(d.toDays(), "day");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
