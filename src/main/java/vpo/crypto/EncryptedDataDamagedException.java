package vpo.crypto;

/**
 * Encrypted data that fails age's checks: a malformed or altered header, a chunk whose
 * authentication fails, a file cut short anywhere (also exactly at a chunk boundary), or data after
 * the final chunk. Thrown while opening the stream or from {@code read}; an archive reader treats
 * it as an invalid archive.
 */
public final class EncryptedDataDamagedException extends DecryptionException {
  static final String HINT =
      "the encrypted archive is damaged or incomplete; choose another archive";

  EncryptedDataDamagedException(String message, Throwable cause) {
    super(message, HINT, cause);
  }
}
