package vpo.crypto;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An age X25519 recipient: the public key ({@code age1...}) an archive is encrypted to, as {@code
 * age -r} takes it. Only its owner's identity (secret key) can decrypt. Parsing checks everything
 * that can be checked without the secret key, including that the key is a point X25519 can use, so
 * a bad recipient is refused as an argument and never halfway through a backup.
 */
public final class Recipient {
  private static final String PREFIX = "age1";
  private static final String SECRET_KEY_PREFIX = "AGE-SECRET-KEY-";

  private final String value;
  private final RecipientStanzaWriter writer;

  private Recipient(String value, RecipientStanzaWriter writer) {
    this.value = value;
    this.writer = writer;
  }

  /**
   * Parses one recipient. Surrounding white space is ignored; an all-uppercase key is accepted as
   * Bech32 allows and kept in lowercase.
   *
   * @throws InvalidRecipientException if {@code text} is not an age X25519 public key; SSH keys,
   *     plugin recipients and secret keys are named as such
   */
  public static Recipient parse(String text) {
    String candidate = text.strip();
    if (candidate.isEmpty()) {
      throw new InvalidRecipientException("empty recipient");
    }
    if (candidate.toUpperCase(Locale.ROOT).startsWith(SECRET_KEY_PREFIX)) {
      // Never quoted: this is the secret itself.
      throw new InvalidRecipientException(
          "a secret key (AGE-SECRET-KEY-1...) was given as a recipient",
          "give its public key instead: the '# public key: age1...' line of the key file, or"
              + " 'age-keygen -y KEYFILE'");
    }
    if (isSshKey(candidate)) {
      throw new InvalidRecipientException(
          "SSH keys cannot be used as recipients: " + Quoted.of(candidate),
          "use an age public key (age1...) made by 'vpo library key generate' or age-keygen");
    }
    String lower = candidate.toLowerCase(Locale.ROOT);
    if (!candidate.equals(lower) && !candidate.equals(candidate.toUpperCase(Locale.ROOT))) {
      throw new InvalidRecipientException(
          "not a valid age recipient: "
              + Quoted.of(candidate)
              + " (it mixes upper and lower case)");
    }
    if (!lower.startsWith(PREFIX)) {
      throw new InvalidRecipientException(
          "not an age recipient: " + Quoted.of(candidate) + " (an age recipient starts with age1)");
    }
    RecipientStanzaWriter writer;
    try {
      writer = X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(lower);
      // A trial wrap: a key that is not a usable curve point (all zeros, small order) fails here.
      writer.getRecipientStanzas(new FileKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      if (isPluginRecipient(lower)) {
        throw new InvalidRecipientException(
            "age plugin recipients are not supported: " + Quoted.of(candidate),
            "use an age public key (age1...) made by 'vpo library key generate' or age-keygen");
      }
      throw new InvalidRecipientException(
          "not a valid age recipient: "
              + Quoted.of(candidate)
              + " (mistyped or incomplete: its checksum or length is wrong)");
    }
    return new Recipient(lower, writer);
  }

  /**
   * Parses each of {@code texts} in order.
   *
   * @throws InvalidRecipientException for the first that is not a recipient
   */
  public static List<Recipient> parseAll(List<String> texts) {
    List<Recipient> recipients = new ArrayList<>(texts.size());
    for (String text : texts) {
      recipients.add(parse(text));
    }
    return recipients;
  }

  /**
   * Reads a recipients file as {@code age -R} does: one recipient per line; lines starting with
   * {@code #} and blank lines are ignored.
   *
   * @throws KeyFileException if the file cannot be read
   * @throws InvalidRecipientException if a line is not a recipient (the message names the file and
   *     line) or the file holds none
   */
  public static List<Recipient> readFile(Path file) {
    List<String> lines = KeyFileText.read(file, "recipients file");
    List<Recipient> recipients = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        recipients.add(parse(line));
      } catch (InvalidRecipientException e) {
        throw new InvalidRecipientException(
            "recipients file " + file + " line " + (i + 1) + ": " + e.getMessage(), e.hint());
      }
    }
    if (recipients.isEmpty()) {
      throw new InvalidRecipientException("recipients file " + file + " holds no recipient");
    }
    return List.copyOf(recipients);
  }

  /**
   * Plugin recipients read {@code age1NAME1...}: Bech32's human-readable part ends at the last
   * {@code 1}, and the data part never contains one. A short name there is a plugin's; a long one
   * is more likely an X25519 key with a typo.
   */
  private static boolean isPluginRecipient(String lower) {
    int separator = lower.lastIndexOf('1');
    String name = lower.substring(PREFIX.length(), Math.max(PREFIX.length(), separator));
    return !name.isEmpty() && name.length() <= 24 && name.matches("[a-z0-9._+-]+");
  }

  private static boolean isSshKey(String candidate) {
    return candidate.startsWith("ssh-")
        || candidate.startsWith("ecdsa-")
        || candidate.startsWith("sk-ssh-")
        || candidate.startsWith("sk-ecdsa-");
  }

  RecipientStanzaWriter writer() {
    return writer;
  }

  /** The public key, {@code age1...}, in lowercase. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Recipient r && r.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
