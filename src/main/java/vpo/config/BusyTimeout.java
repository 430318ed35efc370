package vpo.config;

import java.time.Duration;
import java.util.Map;

/** How long vpo waits for another process's lock on the library before calling it locked. */
public final class BusyTimeout {
  /** Overrides the default, in milliseconds; tests use it to keep lock tests short. */
  public static final String ENV = "VPO_BUSY_TIMEOUT_MS";

  /** As the Python VPO's {@code PRAGMA busy_timeout = 10000}. */
  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private BusyTimeout() {}

  /** {@value #ENV} from {@code env} when it holds a whole number, else {@link #DEFAULT}. */
  public static Duration resolve(Map<String, String> env) {
    String configured = env.get(ENV);
    if (configured != null) {
      try {
        return Duration.ofMillis(Math.max(0, Long.parseLong(configured.trim())));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            ENV + " must be a whole number of milliseconds, got '" + configured + "'",
            "set it to e.g. 10000, or unset it for the default of 10 s",
            e);
      }
    }
    return DEFAULT;
  }
}
