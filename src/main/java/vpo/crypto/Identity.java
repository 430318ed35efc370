package vpo.crypto;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vpo.fs.AtomicFile;
import vpo.fs.PrivateFiles;

/**
 * An age X25519 identity: the secret key ({@code AGE-SECRET-KEY-1...}) that decrypts what was
 * encrypted to its recipient. Read from identity files as {@code age -i} reads them, and made by
 * {@link #generate} in age-keygen's format. The secret never appears in a message, a {@link
 * #toString} or an exception's cause.
 *
 * <p>Reading checks each key's encoding; the key itself is set up (an X25519 computation, slow in a
 * cold JVM) only when a file is first decrypted with it.
 */
public final class Identity {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final String SECRET_KEY_PREFIX = "AGE-SECRET-KEY-1";

  private final String origin;

  /** The encoded key until first use; then cleared, the reader holding the key instead. */
  private char[] encoded;

  private RecipientStanzaReader reader;

  private Identity(char[] encoded, String origin) {
    this.encoded = encoded;
    this.origin = origin;
  }

  /**
   * Reads every secret key in an identity file: one per line, lines starting with {@code #} and
   * blank lines ignored, as {@code age -i} does. The file must not be readable by group or others.
   *
   * @throws KeyFileExposedException if group or others may read the file (hint: the {@code chmod}
   *     that fixes it)
   * @throws KeyFileException if the file is missing, unreadable, malformed, holds no key, or holds
   *     a kind of key vpo does not read (SSH, plugin, passphrase-encrypted)
   */
  public static List<Identity> readFile(Path file) {
    requirePrivate(file);
    List<String> lines = KeyFileText.read(file, "identity file");
    String first = firstContentLine(lines);
    if (first != null) {
      refuseOtherKinds(file, first);
    }
    List<Identity> identities = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      if (line.toUpperCase(Locale.ROOT).startsWith("AGE-PLUGIN-")) {
        throw new KeyFileException(
            "identity file " + where + " holds an age plugin identity, which vpo cannot use",
            "use a key made by 'vpo library key generate' or age-keygen");
      }
      identities.add(new Identity(checkSecretKey(line, where), where));
    }
    if (identities.isEmpty()) {
      throw new KeyFileException(
          "identity file " + file + " holds no secret key (AGE-SECRET-KEY-1...)",
          "name the file 'vpo library key generate' or age-keygen wrote");
    }
    return List.copyOf(identities);
  }

  /**
   * Reads every file in turn, as repeated {@code -i} options do, keeping the order: earlier files'
   * keys are tried first.
   */
  public static List<Identity> readFiles(List<Path> files) {
    List<Identity> identities = new ArrayList<>();
    for (Path file : files) {
      identities.addAll(readFile(file));
    }
    return List.copyOf(identities);
  }

  /**
   * Makes a new X25519 key and writes it to {@code file} in age-keygen's format ({@code #
   * created:}, {@code # public key:}, the secret key). The file is private (0600) from its first
   * byte and appears complete or not at all; directories created for it are 0700. An existing file
   * is never replaced, even one appearing while this runs.
   *
   * @return the new key's recipient, to encrypt to
   * @throws KeyFileException if {@code file} exists or cannot be written
   */
  public static Recipient generate(Path file) {
    Path target = file.toAbsolutePath();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(file);
    }
    KeyPair pair;
    try {
      pair = new X25519KeyPairGenerator().generateKeyPair();
    } catch (GeneralSecurityException e) {
      // Every Java 11+ runtime has X25519.
      throw new IllegalStateException("X25519 key generation is unavailable: " + e, e);
    }
    String recipient = pair.getPublic().toString();
    String created =
        OffsetDateTime.now()
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    byte[] content =
        ("# created: "
                + created
                + "\n# public key: "
                + recipient
                + "\n"
                + pair.getPrivate().toString()
                + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    try {
      PrivateFiles.createDirectories(target.getParent());
      try (AtomicFile out = AtomicFile.create(target.getParent(), "key")) {
        try (OutputStream stream = out.outputStream()) {
          stream.write(content);
        }
        out.publishAs(target, false);
      }
    } catch (FileAlreadyExistsException e) {
      throw exists(file);
    } catch (IOException e) {
      throw new KeyFileException(
          "cannot write identity file "
              + file
              + ": "
              + (e instanceof java.nio.file.AccessDeniedException
                  ? "permission denied"
                  : e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                      ? f.getReason()
                      : e.getMessage()),
          "choose another path with -o",
          e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
    return Recipient.parse(recipient);
  }

  private static KeyFileException exists(Path file) {
    return new KeyFileException(
        "identity file " + file + " already exists; vpo never overwrites a key",
        "keep it, or choose another path with -o");
  }

  private static void requirePrivate(Path file) {
    if (!POSIX) {
      return;
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (IOException e) {
      throw KeyFileText.unreadable(file, "identity file", e);
    }
    if (permissions.contains(PosixFilePermission.GROUP_READ)
        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      throw new KeyFileExposedException(file, octal(permissions));
    }
  }

  private static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format("%04o", mode);
  }

  private static String firstContentLine(List<String> lines) {
    for (String line : lines) {
      String s = line.strip();
      if (!s.isEmpty()) {
        return s;
      }
    }
    return null;
  }

  /** Files the age tool reads with {@code -i} but vpo cannot: named, rather than "malformed". */
  private static void refuseOtherKinds(Path file, String first) {
    if (first.startsWith(AgeEncryption.BINARY_HEADER) || first.startsWith(AgeEncryption.ARMOR)) {
      throw new KeyFileException(
          "identity file "
              + file
              + " is itself encrypted (with a passphrase), which vpo cannot read",
          "decrypt it with 'age -d' into a private file and pass that one");
    }
    if (first.startsWith("-----BEGIN")) {
      throw new KeyFileException(
          "identity file " + file + " holds an SSH or PEM private key, which vpo cannot use",
          "use a key made by 'vpo library key generate' or age-keygen");
    }
  }

  /**
   * Checks the key's encoding (Bech32 checksum, prefix, 32 bytes; any 32 bytes are a valid X25519
   * secret) without the costly key setup, which waits until a file needs decrypting: listing a
   * directory of plain archives with an identity configured then costs nothing.
   */
  private static char[] checkSecretKey(String line, String where) {
    if (line.toUpperCase(Locale.ROOT).startsWith(SECRET_KEY_PREFIX)) {
      try {
        Bech32Address address = Bech32.getDecoder().decode(line);
        if (address.getHumanReadablePart().toString().equalsIgnoreCase("AGE-SECRET-KEY-")
            && address.getData().length == 32) {
          return line.toCharArray();
        }
      } catch (RuntimeException e) {
        // Reported below, without the library's message: it may contain the key.
      }
      throw new KeyFileException(
          "identity file "
              + where
              + " holds a damaged secret key (its checksum or length is wrong)",
          "restore the key file from your copy");
    }
    throw new KeyFileException(
        "identity file " + where + " is not an age secret key (AGE-SECRET-KEY-1...)",
        "name the file 'vpo library key generate' or age-keygen wrote");
  }

  /** The key, set up for decryption on first use. */
  synchronized RecipientStanzaReader reader() {
    if (reader == null) {
      if (encoded == null) {
        throw new IllegalStateException("the key of " + origin + " could not be set up");
      }
      try {
        reader =
            X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(CharBuffer.wrap(encoded));
      } catch (GeneralSecurityException | RuntimeException e) {
        // Checked when read, so only a runtime lacking X25519 gets here; no cause, as above.
        throw new IllegalStateException(
            "the key of " + origin + " could not be set up: " + e.getClass().getSimpleName());
      } finally {
        Arrays.fill(encoded, '\0');
        encoded = null;
      }
    }
    return reader;
  }

  /** Where the key was read, as {@code PATH line N}; never the key. */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "identity from " + origin;
  }
}
