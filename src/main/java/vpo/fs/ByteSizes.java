package vpo.fs;

import java.util.Locale;

/** Sizes as people read them (PRODUCT.md section 6): {@code 52.4 MB}, 1024-based, one decimal. */
public final class ByteSizes {
  private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB"};

  private ByteSizes() {}

  /** {@code 52.4 MB}; plain bytes below 1 KB ({@code 512 B}). */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /**
   * {@code 20.0 MB (20,971,520 bytes)}: the human size with the exact count, for messages about two
   * sizes that may differ by a single byte; plain bytes below 1 KB.
   */
  public static String exact(long bytes) {
    return bytes < 1024
        ? human(bytes)
        : human(bytes) + String.format(Locale.ROOT, " (%,d bytes)", bytes);
  }
}
