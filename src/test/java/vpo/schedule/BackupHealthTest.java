package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The warning at the top of {@code library info} and {@code library backups}. */
class BackupHealthTest {
  private final Instant now = Instant.parse("2026-12-03T09:00:00Z");
  private final Path library = Path.of("/l/library.db");
  private final Schedule daily = Schedule.parse("daily", "02:00");

  private BackupRun failedAt(String at, boolean scheduled) {
    Instant t = Instant.parse(at);
    return BackupRun.failed(
        library, t.minusSeconds(40), t, "no space left on device", 5, scheduled);
  }

  private BackupRun skippedAt(String at, boolean scheduled) {
    Instant t = Instant.parse(at);
    return BackupRun.skipped(library, t.minusSeconds(2), t, "/b/x.tar.gz", scheduled);
  }

  @Test
  void neverBackedUpWithASchedule() {
    assertThat(BackupHealth.warning(now, null, daily, null))
        .isEqualTo(
            "No backup of this library yet; the daily schedule has not run yet"
                + " (see vpo library schedule status)");
    assertThat(BackupHealth.warning(now, null, daily, failedAt("2026-12-03T02:00:00Z", true)))
        .isEqualTo(
            "No backup of this library yet; the daily schedule last failed at 2026-12-03 02:00 UTC:"
                + " no space left on device");
  }

  @Test
  void dailyScheduleWithTheNewestBackupThreeDaysOldAndTheLastRunFailed() {
    Instant newest = now.minus(Duration.ofDays(3)).minusSeconds(3600);

    assertThat(BackupHealth.warning(now, newest, daily, failedAt("2026-12-03T02:00:00Z", true)))
        .isEqualTo(
            "Newest backup is 3 days old; the daily schedule last failed at 2026-12-03 02:00 UTC:"
                + " no space left on device");
    assertThat(BackupHealth.warning(now, newest, daily, failedAt("2026-12-02T20:15:00Z", false)))
        .isEqualTo(
            "Newest backup is 3 days old; the last run, by hand, failed at 2026-12-02 20:15 UTC:"
                + " no space left on device");
  }

  @Test
  void theLastRunFailedButTheNewestBackupIsFresh() {
    Instant newest = now.minus(Duration.ofHours(7));

    assertThat(BackupHealth.warning(now, newest, daily, failedAt("2026-12-03T08:30:00Z", false)))
        .isEqualTo(
            "The last backup attempt failed at 2026-12-03 08:30 UTC: no space left on device");
    // Without a schedule, a failure is still worth saying.
    assertThat(BackupHealth.warning(now, newest, null, failedAt("2026-12-03T08:30:00Z", false)))
        .startsWith("The last backup attempt failed at 2026-12-03 08:30 UTC");
  }

  @Test
  void allFine() {
    Instant newest = now.minus(Duration.ofHours(7));
    BackupRun ok =
        BackupRun.succeeded(library, newest.minusSeconds(30), newest, "/b/x.tar.gz", true);

    assertThat(BackupHealth.warning(now, newest, daily, ok)).isNull();
    assertThat(BackupHealth.warning(now, newest, daily, null)).isNull();
    // Nothing scheduled, nothing failed: nothing to say, however old the backup.
    assertThat(BackupHealth.warning(now, now.minus(Duration.ofDays(300)), null, null)).isNull();
    assertThat(BackupHealth.warning(now, null, null, null)).isNull();
  }

  @Test
  void anUnchangedLibraryIsNotOverdueWhileTheScheduleRuns() {
    Instant newest = now.minus(Duration.ofDays(20));

    assertThat(BackupHealth.warning(now, newest, daily, skippedAt("2026-12-03T02:00:00Z", true)))
        .isNull();
  }

  @Test
  void aScheduleThatStoppedRunningIsNamed() {
    Instant newest = now.minus(Duration.ofDays(20));

    assertThat(BackupHealth.warning(now, newest, daily, skippedAt("2026-11-30T02:00:00Z", true)))
        .isEqualTo(
            "Newest backup is 20 days old; the daily schedule last ran at 2026-11-30 02:00 UTC"
                + " (skipped: unchanged)");
    assertThat(BackupHealth.warning(now, now.minus(Duration.ofDays(3)), daily, null))
        .isEqualTo(
            "Newest backup is 3 days old; the daily schedule has not run yet"
                + " (see vpo library schedule status)");
  }

  @Test
  void overdueMeansMoreThanTwoPeriods() {
    Schedule hourly = Schedule.parse("hourly", null);

    assertThat(BackupHealth.warning(now, now.minus(Duration.ofMinutes(120)), hourly, null))
        .isNull();
    assertThat(BackupHealth.warning(now, now.minus(Duration.ofMinutes(121)), hourly, null))
        .startsWith("Newest backup is 2 hours old;");
    assertThat(BackupHealth.warning(now, now.minus(Duration.ofHours(5)), hourly, null))
        .startsWith("Newest backup is 5 hours old;");
    Schedule weekly = Schedule.parse("weekly", null);
    assertThat(BackupHealth.warning(now, now.minus(Duration.ofDays(14)), weekly, null)).isNull();
    assertThat(BackupHealth.warning(now, now.minus(Duration.ofDays(15)), weekly, null))
        .startsWith("Newest backup is 15 days old;");
  }
}
