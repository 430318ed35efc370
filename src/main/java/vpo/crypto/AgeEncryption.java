package vpo.crypto;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encrypting and decrypting archives as standard age files (age-encryption.org/v1), and telling an
 * age file from anything else by its first bytes.
 *
 * <p>vpo writes the binary form, which the age tool and every age implementation read. It reads the
 * binary form and the ASCII-armored form ({@code age -a}). Decryption streams: the header and one
 * 64 KiB chunk are all that is read before the first plaintext byte, so reading only the head of an
 * archive (as listing does) decrypts only its head.
 */
public final class AgeEncryption {
  /** The first line of every binary age file. */
  public static final String BINARY_HEADER = "age-encryption.org/v1";

  /** The first line of every armored age file. */
  public static final String ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----";

  /** How many leading bytes {@link #isAgeFile(byte[], int)} needs to decide. */
  public static final int DETECT_BYTES = 64;

  private static final byte[] BINARY = (BINARY_HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ARMORED = ARMOR.getBytes(StandardCharsets.US_ASCII);

  private AgeEncryption() {}

  /**
   * Whether {@code head} (the first {@code length} bytes of a file, at least {@link #DETECT_BYTES}
   * unless the file is shorter) starts an age file, binary or armored. A gzip archive starts with
   * {@code 1f 8b}, so the two are never confused.
   */
  public static boolean isAgeFile(byte[] head, int length) {
    return startsWith(head, length, 0, BINARY) || armorStart(head, length) >= 0;
  }

  /** As {@link #isAgeFile(byte[], int)}, reading the first bytes of {@code file}. */
  public static boolean isAgeFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(DETECT_BYTES);
      return isAgeFile(head, head.length);
    }
  }

  /**
   * Starts a binary age file on {@code out}, encrypted to every one of {@code recipients} (any one
   * of their identities decrypts it), and returns the stream to write the plaintext to. The header
   * is written before this returns. Call {@link EncryptingOutputStream#finish} or {@code close} at
   * the end: until then the file is incomplete and every reader refuses it.
   *
   * @throws IllegalArgumentException if {@code recipients} is empty
   * @throws IOException if writing the header to {@code out} fails
   */
  public static EncryptingOutputStream encrypt(OutputStream out, List<Recipient> recipients)
      throws IOException {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("at least one recipient is needed");
    }
    List<RecipientStanzaWriter> writers = new ArrayList<>(recipients.size());
    for (Recipient recipient : recipients) {
      writers.add(recipient.writer());
    }
    return EncryptingOutputStream.open(
        out,
        sink -> {
          try {
            return new StandardEncryptingChannelFactory().newEncryptingChannel(sink, writers);
          } catch (GeneralSecurityException e) {
            // Recipients were checked when parsed; this is the Java runtime lacking X25519 or
            // ChaCha20-Poly1305, which every Java 11+ runtime has.
            throw new IllegalStateException("age encryption is unavailable: " + e, e);
          }
        });
  }

  /**
   * Opens the age file on {@code in} (binary or armored) and returns its plaintext as a stream. The
   * header is read and the file key found before this returns; the payload is decrypted as it is
   * read, each chunk checked before any of its bytes are handed out. Closing the result closes
   * {@code in}, also before the end (to read only the head).
   *
   * @param identities the keys to try, in order
   * @param name the archive's name, for messages
   * @throws NoIdentityMatchesException if no identity given (possibly none) opens the file
   * @throws EncryptedDataDamagedException if the file is not an age file, or its header is
   *     malformed or altered, or it ends inside the header; reading the returned stream throws it
   *     for damaged, cut or extended encrypted data
   * @throws IOException if reading {@code in} itself fails
   */
  public static InputStream decrypt(InputStream in, List<Identity> identities, String name)
      throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    try {
      byte[] head = in.readNBytes(DETECT_BYTES);
      DecryptingInputStream.Source source = new DecryptingInputStream.Source(in, head, head.length);
      DecryptingChannelFactory factory;
      boolean armored;
      if (startsWith(head, head.length, 0, BINARY)) {
        factory = new StandardDecryptingChannelFactory();
        armored = false;
      } else if (armorStart(head, head.length) >= 0) {
        factory = new ArmoredDecryptingChannelFactory();
        armored = true;
      } else {
        throw DecryptingInputStream.damaged(name, "it is not an age-encrypted file", null);
      }
      return DecryptingInputStream.open(source, factory, identities, name, armored);
    } catch (IOException | RuntimeException e) {
      // Whoever opened the file in the same expression as this call has no handle to close.
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Has the cipher compiled before an archive needs it, by encrypting 4 MiB of zeros to nowhere for
   * {@code recipients}. In a fresh JVM the first megabytes run interpreted: a 30 MB archive then
   * takes about 0.25 s of CPU to encrypt instead of 0.15 s. A backup that will encrypt calls this
   * on a spare thread while it takes the snapshot (which waits on the disk), so the archive is
   * encrypted at full speed. Never fails: a problem here shows again, and is reported, when the
   * archive is encrypted.
   */
  public static void warmUp(List<Recipient> recipients) {
    if (recipients.isEmpty()) {
      return;
    }
    byte[] zeros = new byte[256 << 10];
    try (EncryptingOutputStream out =
        encrypt(OutputStream.nullOutputStream(), List.of(recipients.get(0)))) {
      for (int i = 0; i < 16; i++) {
        out.write(zeros);
      }
    } catch (IOException | RuntimeException e) {
      // Reported by the real encryption, if it fails there too.
    }
  }

  /** Where the armor line starts after leading whitespace (which the age tool allows), or -1. */
  private static int armorStart(byte[] head, int length) {
    int i = 0;
    while (i < length && Character.isWhitespace(head[i])) {
      i++;
    }
    return startsWith(head, length, i, ARMORED) ? i : -1;
  }

  private static boolean startsWith(byte[] head, int length, int from, byte[] prefix) {
    if (length - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (head[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
