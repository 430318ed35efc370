package vpo.schedule;

import java.time.Duration;
import java.util.Locale;

/** How often a scheduled backup runs. */
public enum Frequency {
  HOURLY(Duration.ofHours(1)),
  DAILY(Duration.ofDays(1)),
  WEEKLY(Duration.ofDays(7));

  private final Duration period;

  Frequency(Duration period) {
    this.period = period;
  }

  /** The time between two runs. */
  public Duration period() {
    return period;
  }

  /** The word the user types and reads: {@code hourly}, {@code daily}, {@code weekly}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The frequency named {@code word} (case-insensitive). */
  public static Frequency of(String word) {
    for (Frequency f : values()) {
      if (f.word().equalsIgnoreCase(word == null ? "" : word.trim())) {
        return f;
      }
    }
    throw new ScheduleException(
        "unknown frequency '" + word + "'", "use --every hourly, --every daily or --every weekly");
  }
}
