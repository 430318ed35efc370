package vpo.crypto;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plaintext of an age file, decrypted as it is read. Every failure of the encrypted data
 * (header, any chunk, a cut at any point, bytes after the final chunk) is an {@link
 * EncryptedDataDamagedException}; a failure of the underlying stream itself stays the {@link
 * IOException} it was, so a disk error is never mistaken for damage.
 */
final class DecryptingInputStream extends InputStream {
  /** age's plaintext chunk. */
  static final int CHUNK = 64 << 10;

  /** Whitespace the armored form may carry after its end line; the age tool allows some. */
  private static final int MAX_TRAILING_WHITESPACE = 4096;

  private final Source source;
  private final ReadableByteChannel plain;
  private final String name;
  private final boolean armored;
  private long delivered;
  private boolean ended;

  /** Once reading failed, every later read fails the same way: no byte after damage goes out. */
  private IOException ioFailure;

  private EncryptedDataDamagedException damage;

  private DecryptingInputStream(
      Source source, ReadableByteChannel plain, String name, boolean armored) {
    this.source = source;
    this.plain = plain;
    this.name = name;
    this.armored = armored;
  }

  /**
   * Reads the header from {@code source} (whose first bytes were already taken for detection) and
   * finds the file key with one of {@code identities}.
   */
  static DecryptingInputStream open(
      Source source,
      DecryptingChannelFactory factory,
      List<Identity> identities,
      String name,
      boolean armored)
      throws IOException {
    IdentitiesReader reader = new IdentitiesReader(identities);
    ReadableByteChannel plain;
    try {
      plain = factory.newDecryptingChannel(source, List.of(reader));
    } catch (NoMatch e) {
      throw noIdentityMatches(name, reader.stanzaTypes, e);
    } catch (SignatureException e) {
      throw damaged(name, "its header was altered (the header MAC does not match)", e);
    } catch (IOException e) {
      rethrowSourceFailure(source, e);
      throw damaged(name, "its header or first chunk is damaged or cut short", e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw damaged(name, "its header is malformed", e);
    }
    return new DecryptingInputStream(source, plain, name, armored);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (damage != null) {
      throw damage;
    }
    if (ioFailure != null) {
      throw ioFailure;
    }
    if (ended) {
      return -1;
    }
    int n;
    try {
      // Never past the end of the current chunk: a read then decrypts at most one chunk, and a
      // failure names the chunk that failed.
      int upToChunkEnd = CHUNK - (int) (delivered % CHUNK);
      n = plain.read(ByteBuffer.wrap(b, off, Math.min(len, upToChunkEnd)));
    } catch (IOException e) {
      if (e instanceof InterruptedIOException || source.failed(e)) {
        ioFailure = source.failed(e) ? source.failure : e;
        throw ioFailure;
      }
      damage = damaged(name, "encrypted data damaged or cut short " + where(), e);
      throw damage;
    } catch (RuntimeException e) {
      damage = damaged(name, "encrypted data damaged " + where(), e);
      throw damage;
    }
    if (n < 0) {
      try {
        requireSourceEnd();
      } catch (EncryptedDataDamagedException e) {
        damage = e;
        throw e;
      }
      ended = true;
      return -1;
    }
    delivered += n;
    return n;
  }

  private String where() {
    return "in chunk " + (delivered / CHUNK + 1);
  }

  /**
   * The decrypting channel ends at the final chunk; nothing may follow it. In the binary form the
   * channel has read to the end already (a final chunk is known by the end of input); the armored
   * form may stop at its end line, after which only whitespace is allowed.
   */
  private void requireSourceEnd() throws IOException {
    byte[] buffer = new byte[512];
    long seen = 0;
    int n;
    while ((n = source.read(ByteBuffer.wrap(buffer))) >= 0) {
      for (int i = 0; i < n; i++) {
        if (!armored || !Character.isWhitespace(buffer[i])) {
          throw damaged(name, "data follows the final encrypted chunk", null);
        }
      }
      seen += n;
      if (seen > MAX_TRAILING_WHITESPACE) {
        throw damaged(name, "data follows the end of the armored file", null);
      }
    }
  }

  /** Closes the decryption (its key is destroyed) and the underlying stream. */
  @Override
  public void close() throws IOException {
    plain.close();
    source.close();
  }

  private static void rethrowSourceFailure(Source source, IOException e) throws IOException {
    if (e instanceof InterruptedIOException) {
      throw e;
    }
    if (source.failed(e)) {
      throw source.failure;
    }
  }

  private static NoIdentityMatchesException noIdentityMatches(
      String name, Set<String> stanzaTypes, Throwable cause) {
    String reason;
    if (!stanzaTypes.isEmpty() && !stanzaTypes.contains("X25519")) {
      if (stanzaTypes.contains("scrypt")) {
        reason =
            "it is encrypted with a passphrase, which vpo cannot read (decrypt it with age -d"
                + " first)";
      } else if (stanzaTypes.stream().anyMatch(t -> t.startsWith("ssh-"))) {
        reason =
            "it is encrypted to an SSH key, which vpo cannot read (decrypt it with age -d -i"
                + " SSHKEY first)";
      } else {
        reason =
            "it is encrypted to a kind of key vpo cannot read ("
                + String.join(", ", stanzaTypes)
                + ")";
      }
    } else {
      reason = "no identity matches (pass --identity KEYFILE)";
    }
    return new NoIdentityMatchesException("cannot decrypt " + name + ": " + reason, cause);
  }

  static EncryptedDataDamagedException damaged(String name, String what, Throwable cause) {
    return new EncryptedDataDamagedException("cannot decrypt " + name + ": " + what, cause);
  }

  /** Signals that no identity opened any stanza: the one failure that is not damage. */
  private static final class NoMatch extends UnsupportedRecipientStanzaException {
    private static final long serialVersionUID = 1L;

    NoMatch() {
      super("no identity matches");
    }
  }

  /**
   * One reader for all identities, so the header is parsed once and its faults (which jagged
   * reports through the same exception types) are told apart from "none of these keys fits". Also
   * notes the stanza types, to name a passphrase or SSH file as such.
   */
  private static final class IdentitiesReader implements RecipientStanzaReader {
    private final List<Identity> identities;
    final Set<String> stanzaTypes = new LinkedHashSet<>();

    IdentitiesReader(List<Identity> identities) {
      this.identities = List.copyOf(identities);
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
      for (RecipientStanza stanza : stanzas) {
        stanzaTypes.add(stanza.getType());
      }
      NoMatch none = new NoMatch();
      for (Identity identity : identities) {
        try {
          return identity.reader().getFileKey(stanzas);
        } catch (GeneralSecurityException | RuntimeException e) {
          none.addSuppressed(e);
        }
      }
      throw none;
    }
  }

  /**
   * The caller's stream as a channel: first the bytes already read for detection, then the rest. It
   * remembers its own failures, so that they are not taken for damage.
   */
  static final class Source implements ReadableByteChannel {
    private final InputStream in;
    private final byte[] prefix;
    private int prefixPosition;
    private final int prefixLength;
    private boolean open = true;
    IOException failure;

    Source(InputStream in, byte[] prefix, int prefixLength) {
      this.in = in;
      this.prefix = prefix;
      this.prefixLength = prefixLength;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!dst.hasRemaining()) {
        return 0;
      }
      if (prefixPosition < prefixLength) {
        int n = Math.min(dst.remaining(), prefixLength - prefixPosition);
        dst.put(prefix, prefixPosition, n);
        prefixPosition += n;
        return n;
      }
      try {
        int n;
        if (dst.hasArray()) {
          n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
          if (n > 0) {
            dst.position(dst.position() + n);
          }
        } else {
          byte[] buffer = new byte[Math.min(dst.remaining(), CHUNK)];
          n = in.read(buffer);
          if (n > 0) {
            dst.put(buffer, 0, n);
          }
        }
        return n;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    boolean failed(Throwable e) {
      for (int depth = 0; e != null && failure != null && depth < 10; depth++, e = e.getCause()) {
        if (e == failure) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      if (open) {
        open = false;
        in.close();
      }
    }
  }
}
