package vpo.cli;

import vpo.VpoException;

/** The user said no, or could not be asked and did not pass {@code --yes}. */
public final class DeclinedException extends VpoException {
  private final boolean answered;

  private DeclinedException(String message, String hint, boolean answered) {
    super(message, hint);
    this.answered = answered;
  }

  /** Confirmation was needed and nobody could be asked. */
  public static DeclinedException cannotAsk(String message, String hint) {
    return new DeclinedException(message, hint, false);
  }

  /** The user answered no: not an error, though nothing was done (exit 1). */
  public static DeclinedException answeredNo(String message) {
    return new DeclinedException(message, null, true);
  }

  /** Whether the user said no (as opposed to not being asked). */
  public boolean answered() {
    return answered;
  }
}
