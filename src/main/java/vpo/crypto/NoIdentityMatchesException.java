package vpo.crypto;

/**
 * None of the identities given (possibly none at all) can open an encrypted archive. The message
 * names the archive and already says what to pass, as in {@code cannot decrypt NAME: no identity
 * matches (pass --identity KEYFILE)}.
 */
public final class NoIdentityMatchesException extends DecryptionException {
  NoIdentityMatchesException(String message, Throwable cause) {
    super(message, null, cause);
  }

  /** For a report on several archives; {@code message} says what to pass. */
  public NoIdentityMatchesException(String message) {
    super(message, null, null);
  }
}
