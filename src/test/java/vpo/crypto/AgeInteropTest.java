package vpo.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.crypto.AgeCli.decrypt;
import static vpo.crypto.AgeCli.encrypt;
import static vpo.crypto.AgeCli.keygen;
import static vpo.crypto.AgeCli.randomBytes;
import static vpo.crypto.AgeCli.run;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * vpo and the real age tool read each other's files: keys, binary and armored files, several
 * recipients. This is the promise that an encrypted backup never needs vpo to be recovered.
 */
class AgeInteropTest {
  private static final int CHUNK = 64 << 10;

  @TempDir Path dir;

  @BeforeEach
  void needsTheAgeTool() {
    AgeCli.assumeInstalled();
  }

  @Test
  void aKeyVpoGeneratesOpensWhatTheAgeToolEncryptsToIt() throws Exception {
    Path key = dir.resolve("keys/backup-key.txt");
    Recipient recipient = Identity.generate(key);
    byte[] plain = randomBytes(3 * CHUNK + 1234, 1);
    Path plainFile = Files.write(dir.resolve("archive.tar.gz"), plain);
    Path encrypted = dir.resolve("archive.tar.gz.age");

    run("age", "-e", "-r", recipient.value(), "-o", encrypted.toString(), plainFile.toString());

    assertThat(decrypt(Files.readAllBytes(encrypted), Identity.readFile(key))).isEqualTo(plain);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 100})
  void whatVpoEncryptsTheAgeToolDecryptsToTheSameBytes(int size) throws Exception {
    Path key = dir.resolve("key.txt");
    String recipient = keygen(key);
    byte[] plain = randomBytes(size, size);
    Path encrypted = Files.write(dir.resolve("archive.tar.gz.age"), encrypt(plain, recipient));
    Path decrypted = dir.resolve("decrypted");

    run("age", "-d", "-i", key.toString(), "-o", decrypted.toString(), encrypted.toString());

    // age creates its output file on the first byte written, so none for an empty plaintext.
    byte[] out =
        size == 0 && !Files.exists(decrypted) ? new byte[0] : Files.readAllBytes(decrypted);
    assertThat(out).isEqualTo(plain);
    // And back through vpo with the age-keygen key, at every size (empty and exact chunks too).
    assertThat(decrypt(Files.readAllBytes(encrypted), Identity.readFile(key))).isEqualTo(plain);
  }

  @Test
  void aKeyMadeByAgeKeygenIsReadByVpoAndItsFileIsAccepted() throws Exception {
    Path key = dir.resolve("age-keygen.txt");
    String recipient = keygen(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .as("age-keygen writes its keys private, as vpo requires")
        .isEqualTo("rw-------");
    byte[] plain = randomBytes(100_000, 2);
    Path plainFile = Files.write(dir.resolve("p"), plain);
    Path encrypted = dir.resolve("p.age");
    run("age", "-e", "-r", recipient, "-o", encrypted.toString(), plainFile.toString());

    List<Identity> identities = Identity.readFile(key);

    assertThat(identities).hasSize(1);
    assertThat(identities.get(0).origin()).isEqualTo(key + " line 3");
    assertThat(decrypt(Files.readAllBytes(encrypted), identities)).isEqualTo(plain);
  }

  @Test
  void anArchiveForSeveralRecipientsOpensWithEachOfTheirKeysAlone() throws Exception {
    Path vpoKey = dir.resolve("vpo-key.txt");
    Recipient vpoRecipient = Identity.generate(vpoKey);
    Path ageKey = dir.resolve("age-key.txt");
    String ageRecipient = keygen(ageKey);
    byte[] plain = randomBytes(2 * CHUNK + 7, 3);
    Path encrypted =
        Files.write(dir.resolve("a.age"), encrypt(plain, vpoRecipient.value(), ageRecipient));

    for (Path key : List.of(vpoKey, ageKey)) {
      Path out = dir.resolve("out-" + key.getFileName());
      run("age", "-d", "-i", key.toString(), "-o", out.toString(), encrypted.toString());
      assertThat(Files.readAllBytes(out)).as("age -d -i %s", key).isEqualTo(plain);
      assertThat(decrypt(Files.readAllBytes(encrypted), Identity.readFile(key)))
          .as("vpo with %s", key)
          .isEqualTo(plain);
    }
  }

  @Test
  void theAgeToolsMultiRecipientFilesOpenWithTheSecondIdentityWhenOnlyItMatches() throws Exception {
    Path wrong = dir.resolve("wrong.txt");
    keygen(wrong);
    Path right = dir.resolve("right.txt");
    String recipient = keygen(right);
    Path other = dir.resolve("other.txt");
    String otherRecipient = keygen(other);
    byte[] plain = randomBytes(CHUNK + 5, 4);
    Path plainFile = Files.write(dir.resolve("p"), plain);
    Path encrypted = dir.resolve("p.age");
    run(
        "age",
        "-e",
        "-r",
        otherRecipient,
        "-r",
        recipient,
        "-o",
        encrypted.toString(),
        plainFile.toString());

    // Two files, as repeated --identity: the first does not match, the second does.
    assertThat(decrypt(Files.readAllBytes(encrypted), Identity.readFiles(List.of(wrong, right))))
        .isEqualTo(plain);

    // One file holding two keys, only the second matching.
    Path both = dir.resolve("both.txt");
    Files.write(
        both,
        (Files.readString(wrong) + "\n" + Files.readString(right)).getBytes(),
        java.nio.file.StandardOpenOption.CREATE_NEW);
    Files.setPosixFilePermissions(both, PosixFilePermissions.fromString("rw-------"));
    List<Identity> identities = Identity.readFile(both);
    assertThat(identities).hasSize(2);
    assertThat(decrypt(Files.readAllBytes(encrypted), identities)).isEqualTo(plain);
  }

  @Test
  void armoredFilesFromTheAgeToolAreReadAndTheirDamageIsRefused() throws Exception {
    Path key = dir.resolve("key.txt");
    String recipient = keygen(key);
    byte[] plain = randomBytes(3 * CHUNK + 99, 5);
    Path plainFile = Files.write(dir.resolve("p"), plain);
    Path armored = dir.resolve("p.age.asc");
    run("age", "-a", "-e", "-r", recipient, "-o", armored.toString(), plainFile.toString());
    byte[] bytes = Files.readAllBytes(armored);
    assertThat(AgeEncryption.isAgeFile(bytes, bytes.length)).isTrue();

    assertThat(decrypt(bytes, Identity.readFile(key))).isEqualTo(plain);

    // A changed Base64 letter in the middle of the payload.
    byte[] damaged = bytes.clone();
    int at = damaged.length / 2;
    damaged[at] = (byte) (damaged[at] == 'A' ? 'B' : 'A');
    assertThatThrownBy(() -> decrypt(damaged, Identity.readFile(key)))
        .isInstanceOf(EncryptedDataDamagedException.class);
    // Whitespace after the end line is allowed, as the age tool allows it; anything else is not.
    assertThat(decrypt(Damage.append(bytes, "\n\n".getBytes()), Identity.readFile(key)))
        .isEqualTo(plain);
    assertThatThrownBy(
            () -> decrypt(Damage.append(bytes, "more\n".getBytes()), Identity.readFile(key)))
        .isInstanceOf(EncryptedDataDamagedException.class);
    // Cut before the end line.
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 40);
    assertThatThrownBy(() -> decrypt(cut, Identity.readFile(key)))
        .isInstanceOf(EncryptedDataDamagedException.class);
  }

  @Test
  void theAgeToolRefusesWhatVpoRefuses_aCutAtAChunkBoundary() throws Exception {
    // The reference for the damage tests: the age tool itself rejects the same cut.
    Path key = dir.resolve("key.txt");
    String recipient = keygen(key);
    byte[] encrypted = encrypt(randomBytes(3 * CHUNK, 6), recipient);
    int header = Damage.headerLength(encrypted);
    Path cut =
        Files.write(
            dir.resolve("cut.age"), java.util.Arrays.copyOf(encrypted, header + 16 + (CHUNK + 16)));

    AgeCli.Result result =
        AgeCli.runAllowingFailure(
            "age", "-d", "-i", key.toString(), "-o", dir.resolve("x").toString(), cut.toString());

    assertThat(result.exit()).isNotZero();
    assertThatThrownBy(() -> decrypt(Files.readAllBytes(cut), Identity.readFile(key)))
        .isInstanceOf(EncryptedDataDamagedException.class);
  }

  @Test
  void onlyTheHeadIsReadWhenOnlyTheHeadIsWanted() throws Exception {
    Path key = dir.resolve("key.txt");
    String recipient = keygen(key);
    byte[] plain = randomBytes(40 * CHUNK, 7);
    Path plainFile = Files.write(dir.resolve("p"), plain);
    Path encrypted = dir.resolve("p.age");
    run("age", "-e", "-r", recipient, "-o", encrypted.toString(), plainFile.toString());
    byte[] bytes = Files.readAllBytes(encrypted);
    CountingInput counting = new CountingInput(new ByteArrayInputStream(bytes));

    byte[] head;
    try (InputStream in = AgeEncryption.decrypt(counting, Identity.readFile(key), "p.age")) {
      head = in.readNBytes(4096);
    }

    assertThat(head).isEqualTo(java.util.Arrays.copyOf(plain, 4096));
    assertThat(counting.count)
        .as("the header and two chunks: jagged reads one chunk ahead, and one byte more")
        .isLessThanOrEqualTo(Damage.headerLength(bytes) + 16 + 2 * (CHUNK + 16) + 1);
    assertThat(counting.closed).as("closing the plaintext closes the file").isTrue();
  }

  /** Counts the bytes taken from a stream. */
  static final class CountingInput extends java.io.FilterInputStream {
    long count;
    boolean closed;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() throws java.io.IOException {
      closed = true;
      super.close();
    }
  }
}
