package vpo.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipients as {@code age -r} and {@code age -R} take them, and the ones refused, and how. */
class RecipientTest {
  @TempDir Path dir;

  private String newRecipient() {
    return Identity.generate(dir.resolve("k" + System.nanoTime())).value();
  }

  @Test
  void aRecipientIsParsedAndKeptInLowercase() {
    String r = newRecipient();

    assertThat(Recipient.parse(r).value()).isEqualTo(r);
    assertThat(Recipient.parse("  " + r + "\n")).isEqualTo(Recipient.parse(r));
    assertThat(Recipient.parse(r.toUpperCase(Locale.ROOT)).value())
        .as("Bech32 allows all uppercase")
        .isEqualTo(r);
  }

  @Test
  void malformedRecipientsAreRefusedQuotingTheValueAndSayingWhatARecipientLooksLike() {
    String r = newRecipient();
    char last = r.charAt(r.length() - 1);
    String badChecksum = r.substring(0, r.length() - 1) + (last == 'q' ? 'p' : 'q');
    String mixedCase = "AGE1" + r.substring(4);
    String[] bad = {
      "hello",
      r.substring(0, 30),
      badChecksum,
      r + "q",
      mixedCase,
      "age1",
      // A Bech32 string with the right prefix but 31 bytes of key.
      "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" + "xxxxxx",
    };
    for (String value : bad) {
      assertThatThrownBy(() -> Recipient.parse(value))
          .as(value)
          .isInstanceOfSatisfying(
              InvalidRecipientException.class,
              e -> {
                assertThat(e.getMessage()).contains("'" + value + "'");
                assertThat(e.hint()).contains("age1").contains("age-keygen");
              });
    }
  }

  @Test
  void anEmptyRecipientIsRefused() {
    assertThatThrownBy(() -> Recipient.parse("  "))
        .isInstanceOf(InvalidRecipientException.class)
        .hasMessage("empty recipient");
  }

  @Test
  void aKeyThatIsNotAUsableCurvePointIsRefusedAtOnce() {
    // Well-formed Bech32 under "age", but X25519 with these keys yields all zeros.
    String zero =
        com.exceptionfactory.jagged.bech32.Bech32.getEncoder()
            .encode("age", new byte[32])
            .toString();
    byte[] one = new byte[32];
    one[0] = 1;
    String smallOrder =
        com.exceptionfactory.jagged.bech32.Bech32.getEncoder().encode("age", one).toString();
    assertThat(zero).startsWith("age1").hasSize(62);

    assertThatThrownBy(() -> Recipient.parse(smallOrder))
        .isInstanceOf(InvalidRecipientException.class);

    assertThatThrownBy(() -> Recipient.parse(zero)).isInstanceOf(InvalidRecipientException.class);
  }

  @Test
  void aSecretKeyGivenAsARecipientIsRefusedWithoutQuotingIt() throws Exception {
    Path key = dir.resolve("key.txt");
    Identity.generate(key);
    String secret = Files.readAllLines(key).get(2);

    assertThatThrownBy(() -> Recipient.parse(secret))
        .isInstanceOfSatisfying(
            InvalidRecipientException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo("a secret key (AGE-SECRET-KEY-1...) was given as a recipient")
                  .doesNotContain(secret);
              assertThat(e.hint()).contains("public key");
            });
  }

  @Test
  void sshAndPluginRecipientsAreRefusedByName() {
    String ssh =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@host";

    assertThatThrownBy(() -> Recipient.parse(ssh))
        .isInstanceOf(InvalidRecipientException.class)
        .hasMessageStartingWith("SSH keys cannot be used as recipients: 'ssh-ed25519 AAAA");
    assertThatThrownBy(() -> Recipient.parse("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"))
        .hasMessageStartingWith("SSH keys cannot be used as recipients");
    assertThatThrownBy(
            () ->
                Recipient.parse(
                    "age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t"))
        .isInstanceOf(InvalidRecipientException.class)
        .hasMessageStartingWith("age plugin recipients are not supported: 'age1yubikey1");
  }

  @Test
  void controlCharactersInAValueAreNotPrinted() {
    assertThatThrownBy(() -> Recipient.parse("age1\u001b[31mred"))
        .hasMessageContaining("'age1?[31mred'");
  }

  @Test
  void aRecipientsFileIsReadWithCommentsAndBlankLines() throws Exception {
    String a = newRecipient();
    String b = newRecipient();
    Path file = dir.resolve("recipients.txt");
    Files.writeString(file, "# the laptop\r\n" + a + "\r\n\n   \n# the NAS\n  " + b + "  \n");

    assertThat(Recipient.readFile(file)).extracting(Recipient::value).containsExactly(a, b);
  }

  @Test
  void aBadLineInARecipientsFileIsNamedByLine() throws Exception {
    String a = newRecipient();
    Path file = dir.resolve("recipients.txt");
    Files.writeString(file, "# keys\n" + a + "\nage1oops\n");

    assertThatThrownBy(() -> Recipient.readFile(file))
        .isInstanceOf(InvalidRecipientException.class)
        .hasMessageStartingWith(
            "recipients file " + file + " line 3: not a valid age recipient: 'age1oops'");
  }

  @Test
  void aRecipientsFileWithNoneIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("empty.txt"), "# nothing yet\n\n");

    assertThatThrownBy(() -> Recipient.readFile(file))
        .isInstanceOf(InvalidRecipientException.class)
        .hasMessage("recipients file " + file + " holds no recipient");
  }

  @Test
  void aMissingRecipientsFileIsNamed() {
    Path file = dir.resolve("missing.txt");

    assertThatThrownBy(() -> Recipient.readFile(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("cannot read recipients file " + file + ": no such file");
  }

  @Test
  void parseAllKeepsTheOrder() {
    String a = newRecipient();
    String b = newRecipient();

    assertThat(Recipient.parseAll(List.of(b, a)))
        .extracting(Recipient::value)
        .containsExactly(b, a);
  }
}
