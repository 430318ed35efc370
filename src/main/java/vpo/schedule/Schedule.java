package vpo.schedule;

import java.time.DayOfWeek;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a scheduled backup runs, in the machine's local time (as systemd, launchd and cron read it).
 * Hourly runs at a minute past every hour; daily at a time of day; weekly on a day of the week at a
 * time of day.
 *
 * @param every how often
 * @param day the day of a weekly run; null for hourly and daily
 * @param hour the hour of a daily or weekly run (0-23); 0 for hourly, where it has no meaning
 * @param minute the minute (0-59)
 */
public record Schedule(Frequency every, DayOfWeek day, int hour, int minute) {
  /** Daily and weekly runs default to 03:00, a time most machines that are on are idle. */
  public static final int DEFAULT_HOUR = 3;

  private static final Pattern MINUTE = Pattern.compile(":?(\\d{1,2})");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final Pattern DAY_TIME =
      Pattern.compile("(?:([A-Za-z]+)\\s+)?(\\d{1,2}):(\\d{2})");

  public Schedule {
    if (every == null) {
      throw new IllegalArgumentException("every");
    }
    if ((every == Frequency.WEEKLY) != (day != null)) {
      throw new IllegalArgumentException("a day is given exactly for weekly schedules");
    }
    if (hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || (every == Frequency.HOURLY && hour != 0)) {
      throw new IllegalArgumentException("time out of range: " + hour + ":" + minute);
    }
  }

  /**
   * The schedule {@code --every EVERY [--at AT]} asks for. {@code at} is null for the default
   * (hourly: on the hour; daily: 03:00; weekly: Monday 03:00). Hourly takes the minute ({@code 15}
   * or {@code :15}); daily takes {@code HH:MM}; weekly takes {@code HH:MM} or {@code DAY HH:MM}
   * ({@code Sun 04:30}).
   */
  public static Schedule parse(String every, String at) {
    Frequency frequency = Frequency.of(every);
    String value = at == null ? null : at.trim();
    switch (frequency) {
      case HOURLY:
        {
          if (value == null) {
            return new Schedule(frequency, null, 0, 0);
          }
          Matcher m = MINUTE.matcher(value);
          if (!m.matches() || Integer.parseInt(m.group(1)) > 59) {
            throw badAt(
                value,
                "an hourly backup runs every hour: --at takes the minute past the hour, e.g."
                    + " --at :15");
          }
          return new Schedule(frequency, null, 0, Integer.parseInt(m.group(1)));
        }
      case DAILY:
        {
          if (value == null) {
            return new Schedule(frequency, null, DEFAULT_HOUR, 0);
          }
          Matcher m = TIME.matcher(value);
          if (!m.matches()) {
            throw badAt(value, "a daily backup takes a time of day, e.g. --at 02:30");
          }
          return new Schedule(frequency, null, hour(value, m.group(1)), minute(value, m.group(2)));
        }
      case WEEKLY:
        {
          if (value == null) {
            return new Schedule(frequency, DayOfWeek.MONDAY, DEFAULT_HOUR, 0);
          }
          Matcher m = DAY_TIME.matcher(value);
          if (!m.matches()) {
            throw badAt(
                value, "a weekly backup takes a time or a day and a time, e.g. --at 'Sun 02:30'");
          }
          DayOfWeek day = m.group(1) == null ? DayOfWeek.MONDAY : day(value, m.group(1));
          return new Schedule(frequency, day, hour(value, m.group(2)), minute(value, m.group(3)));
        }
      default:
        throw new IllegalStateException(frequency.name());
    }
  }

  /** The canonical {@code --at} text: {@code :15}, {@code 03:00}, {@code Mon 03:00}. */
  public String atText() {
    String time = String.format(Locale.ROOT, "%02d:%02d", hour, minute);
    switch (every) {
      case HOURLY:
        return String.format(Locale.ROOT, ":%02d", minute);
      case WEEKLY:
        return dayAbbreviation(day) + " " + time;
      default:
        return time;
    }
  }

  /** In words: {@code hourly at :15}, {@code daily at 03:00}, {@code weekly on Mon at 03:00}. */
  public String describe() {
    switch (every) {
      case HOURLY:
        return String.format(Locale.ROOT, "hourly at :%02d", minute);
      case WEEKLY:
        return String.format(
            Locale.ROOT, "weekly on %s at %02d:%02d", dayAbbreviation(day), hour, minute);
      default:
        return String.format(Locale.ROOT, "daily at %02d:%02d", hour, minute);
    }
  }

  /** systemd's {@code OnCalendar=} expression (systemd.time(7)), local time. */
  public String onCalendar() {
    switch (every) {
      case HOURLY:
        return String.format(Locale.ROOT, "*-*-* *:%02d:00", minute);
      case WEEKLY:
        return String.format(
            Locale.ROOT, "%s *-*-* %02d:%02d:00", dayAbbreviation(day), hour, minute);
      default:
        return String.format(Locale.ROOT, "*-*-* %02d:%02d:00", hour, minute);
    }
  }

  /** The five time fields of a crontab line, local time. */
  public String cronFields() {
    switch (every) {
      case HOURLY:
        return minute + " * * * *";
      case WEEKLY:
        return minute + " " + hour + " * * " + cronWeekday(day);
      default:
        return minute + " " + hour + " * * *";
    }
  }

  /** cron and launchd number the days from Sunday = 0. */
  static int cronWeekday(DayOfWeek day) {
    return day.getValue() % 7;
  }

  /** {@code Mon}..{@code Sun}: the English names systemd's calendar expressions use. */
  static String dayAbbreviation(DayOfWeek day) {
    return dayName(day).substring(0, 3);
  }

  private static String dayName(DayOfWeek day) {
    String name = day.name();
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  private static int hour(String at, String digits) {
    int h = Integer.parseInt(digits);
    if (h > 23) {
      throw badAt(at, "hours run from 00 to 23");
    }
    return h;
  }

  private static int minute(String at, String digits) {
    int m = Integer.parseInt(digits);
    if (m > 59) {
      throw badAt(at, "minutes run from 00 to 59");
    }
    return m;
  }

  private static DayOfWeek day(String at, String word) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (word.equalsIgnoreCase(dayName(d)) || word.equalsIgnoreCase(dayAbbreviation(d))) {
        return d;
      }
    }
    throw badAt(at, "days are Mon, Tue, Wed, Thu, Fri, Sat or Sun");
  }

  private static ScheduleException badAt(String at, String hint) {
    return new ScheduleException("cannot read --at '" + at + "'", hint);
  }
}
