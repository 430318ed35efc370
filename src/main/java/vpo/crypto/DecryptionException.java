package vpo.crypto;

import vpo.VpoException;

/**
 * An encrypted archive vpo cannot read: no identity given matches it, or its encrypted data is
 * damaged, truncated or followed by other data. Either way the archive cannot be used as it is, and
 * nothing may have been changed on its account.
 */
public abstract sealed class DecryptionException extends VpoException
    permits NoIdentityMatchesException, EncryptedDataDamagedException {
  DecryptionException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
