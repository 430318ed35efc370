package vpo.schedule;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one {@code vpo library backup}, scheduled or not, as {@link BackupRunLog} keeps
 * it.
 *
 * @param library the library's database, absolute
 * @param startedAt when the run started (whole seconds)
 * @param finishedAt when it ended (whole seconds)
 * @param outcome success (an archive written), skipped (unchanged since the newest archive) or
 *     failed
 * @param archive the archive written, or for a skipped run the unchanged newest one: a path or a
 *     location; null when failed
 * @param error the failure in one line; null unless failed
 * @param exitCode the exit status of the run: 0 unless failed
 * @param scheduled whether a schedule started it ({@code VPO_SCHEDULED=1})
 */
public record BackupRun(
    Path library,
    Instant startedAt,
    Instant finishedAt,
    Outcome outcome,
    String archive,
    String error,
    int exitCode,
    boolean scheduled) {

  /** At most this many characters of an error are kept: a record is one short line. */
  static final int MAX_ERROR = 500;

  /** How a run ended. */
  public enum Outcome {
    SUCCESS,
    SKIPPED,
    FAILED;

    /** {@code success}, {@code skipped}, {@code failed}: the record's and JSON's word. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Outcome of(String word) {
      return valueOf(word.toUpperCase(Locale.ROOT));
    }
  }

  public BackupRun {
    library = library.toAbsolutePath().normalize();
    startedAt = startedAt.truncatedTo(ChronoUnit.SECONDS);
    finishedAt = finishedAt.truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(outcome, "outcome");
    if ((outcome == Outcome.FAILED) == (exitCode == 0)) {
      throw new IllegalArgumentException("exit code " + exitCode + " for a run that is " + outcome);
    }
    error = outcome == Outcome.FAILED ? oneLine(error == null ? "unknown error" : error) : null;
  }

  /** A run that wrote {@code archive}. */
  public static BackupRun succeeded(
      Path library, Instant startedAt, Instant finishedAt, String archive, boolean scheduled) {
    return new BackupRun(
        library, startedAt, finishedAt, Outcome.SUCCESS, archive, null, 0, scheduled);
  }

  /** A run that wrote nothing: the library is unchanged since {@code newestArchive}. */
  public static BackupRun skipped(
      Path library,
      Instant startedAt,
      Instant finishedAt,
      String newestArchive,
      boolean scheduled) {
    return new BackupRun(
        library, startedAt, finishedAt, Outcome.SKIPPED, newestArchive, null, 0, scheduled);
  }

  /** A run that failed with {@code error}, exiting with {@code exitCode} (not 0). */
  public static BackupRun failed(
      Path library,
      Instant startedAt,
      Instant finishedAt,
      String error,
      int exitCode,
      boolean scheduled) {
    return new BackupRun(
        library, startedAt, finishedAt, Outcome.FAILED, null, error, exitCode, scheduled);
  }

  /** Whether the environment is that of a scheduled job ({@code VPO_SCHEDULED=1}). */
  public static boolean isScheduled(Map<String, String> environment) {
    return "1".equals(environment.get(BackupJob.SCHEDULED_ENV));
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 3) + "...";
  }
}
