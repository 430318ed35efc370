package vpo.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import vpo.fs.ByteSizes;

/** How values read in text and JSON (PRODUCT.md sections 5 and 6): sizes, counts, times. */
public final class Formats {
  private static final DateTimeFormatter HUMAN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Formats() {}

  /** {@code 52.4 MB}: 1024-based, one decimal; plain bytes below 1 KB. */
  public static String size(long bytes) {
    return ByteSizes.human(bytes);
  }

  /** {@code 12,345}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 2026-02-05 14:30 UTC}. */
  public static String time(Instant t) {
    return HUMAN_TIME.format(t);
  }

  /** {@code 2026-02-05T14:30:22Z}. */
  public static String isoTime(Instant t) {
    return ISO_TIME.format(t);
  }

  /** {@code 1.4 s}, {@code 3 min 5 s}. */
  public static String duration(Duration d) {
    double seconds = d.toMillis() / 1000.0;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    return (s / 60) + " min " + (s % 60) + " s";
  }

  /** {@code 3 days}, {@code 5 hours}: how long ago {@code t} was. */
  public static String age(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    if (d.isNegative()) {
      return "in the future";
    }
    long minutes = d.toMinutes();
    if (minutes < 1) {
      return "just now";
    }
    if (minutes < 60) {
      return plural(minutes, "minute") + " ago";
    }
    long hours = d.toHours();
    if (hours < 48) {
      return plural(hours, "hour") + " ago";
    }
    return plural(d.toDays(), "day") + " ago";
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  /** Seconds with three decimals, as JSON numbers carry them. */
  public static double seconds(Duration d) {
    return Math.round(d.toNanos() / 1_000_000.0) / 1000.0;
  }
}
