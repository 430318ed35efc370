package vpo;

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
}
