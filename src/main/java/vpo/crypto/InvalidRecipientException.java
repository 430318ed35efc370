package vpo.crypto;

import vpo.VpoException;

/**
 * A recipient that is not an age X25519 public key ({@code age1...}): a mistyped or truncated key,
 * a key of a kind vpo cannot encrypt to, or a recipients file that holds none. A bad argument or
 * setting, never damage; the message quotes the value (recipients are public) unless it is a secret
 * key pasted by mistake.
 */
public final class InvalidRecipientException extends VpoException {
  static final String HINT =
      "a recipient is an age public key, \"age1\" and 58 more letters and digits, as printed by"
          + " 'vpo library key generate' or age-keygen";

  InvalidRecipientException(String message) {
    super(message, HINT);
  }

  InvalidRecipientException(String message, String hint) {
    super(message, hint);
  }
}
