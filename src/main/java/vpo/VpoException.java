package vpo;

import java.util.Map;

/**
 * Base of every failure the domain reports to the user. The message names the cause in one line;
 * {@link #hint()} names the fix where one exists. Exit codes are assigned by the CLI layer, never
 * here.
 */
public abstract class VpoException extends RuntimeException {
  private final String hint;

  protected VpoException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  protected VpoException(String message, String hint) {
    this(message, hint, null);
  }

  /** What the user can do about it, or {@code null}. */
  public String hint() {
    return hint;
  }

  /**
   * Exact figures behind the message, for machine-readable output (JSON keys in snake_case): the
   * message rounds them for people.
   */
  public Map<String, Object> details() {
    return Map.of();
  }
}
