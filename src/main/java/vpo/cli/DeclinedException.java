package vpo.cli;

import vpo.VpoException;

/** The user said no, or could not be asked and did not pass {@code --yes}. */
public final class DeclinedException extends VpoException {
  public DeclinedException(String message, String hint) {
    super(message, hint);
  }
}
