package vpo.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.crypto.AgeCli.decrypt;
import static vpo.crypto.AgeCli.encrypt;
import static vpo.crypto.AgeCli.randomBytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpo.VpoException;

/**
 * What decryption refuses, and how: the wrong key, every kind of damage to an age file (header,
 * nonce, a middle or the last chunk, a cut anywhere, bytes after the end), and that no byte of a
 * damaged chunk is ever handed out. Files come from vpo's own encryption; AgeInteropTest shows the
 * age tool agrees about them.
 */
class DecryptionTest {
  private static final int PLAIN_CHUNK = 64 << 10;

  @TempDir Path dir;

  private byte[] plain;
  private byte[] file;
  private List<Identity> identities;

  @BeforeEach
  void encryptThreeAndAHalfChunks() {
    Path key = dir.resolve("key.txt");
    Recipient recipient = Identity.generate(key);
    identities = Identity.readFile(key);
    plain = randomBytes(3 * PLAIN_CHUNK + PLAIN_CHUNK / 2, 11);
    try {
      file = encrypt(plain, recipient.value());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theFileDecryptsAsItIs() throws Exception {
    assertThat(decrypt(file, identities)).isEqualTo(plain);
  }

  @Test
  void warmingUpNeverFailsAndLeavesEncryptionAsItWas() throws Exception {
    AgeEncryption.warmUp(List.of());
    AgeEncryption.warmUp(
        List.of(Recipient.parse(Files.readAllLines(dir.resolve("key.txt")).get(1).substring(14))));

    assertThat(
            decrypt(
                encrypt(plain, Files.readAllLines(dir.resolve("key.txt")).get(1).substring(14)),
                identities))
        .isEqualTo(plain);
  }

  @Test
  void theWrongIdentitySaysNoIdentityMatchesAndWhatToPass() {
    Path other = dir.resolve("other.txt");
    Identity.generate(other);

    assertThatThrownBy(() -> decrypt(file, Identity.readFile(other)))
        .isInstanceOf(NoIdentityMatchesException.class)
        .hasMessage(
            "cannot decrypt test.tar.gz.age: no identity matches (pass --identity KEYFILE)");
  }

  @Test
  void noIdentityAtAllSaysTheSame() {
    assertThatThrownBy(() -> decrypt(file, List.of()))
        .isInstanceOf(NoIdentityMatchesException.class)
        .hasMessage(
            "cannot decrypt test.tar.gz.age: no identity matches (pass --identity KEYFILE)");
  }

  @Test
  void aPassphraseFileIsNamedAsSuch() {
    // A well-formed header with only an scrypt stanza, as `age -p` writes.
    String header =
        "age-encryption.org/v1\n-> scrypt "
            + "c2FsdHNhbHRzYWx0c2FsdA 18\n"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
            + "--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n";
    byte[] bytes = Damage.append(header.getBytes(StandardCharsets.US_ASCII), new byte[16 + 32]);

    assertThatThrownBy(() -> decrypt(bytes, identities))
        .isInstanceOf(NoIdentityMatchesException.class)
        .hasMessage(
            "cannot decrypt test.tar.gz.age: it is encrypted with a passphrase, which vpo cannot"
                + " read (decrypt it with age -d first)");
  }

  @Test
  void anAlteredHeaderMacIsDamage() {
    // Another Base64 letter in the middle of the MAC: still well-formed, no longer matching.
    byte[] altered = file.clone();
    int at = Damage.headerLength(file) - 20;
    altered[at] = (byte) (altered[at] == 'A' ? 'B' : 'A');

    assertThatThrownBy(() -> decrypt(altered, identities))
        .isInstanceOf(EncryptedDataDamagedException.class)
        .hasMessage(
            "cannot decrypt test.tar.gz.age: its header was altered (the header MAC does not"
                + " match)");
  }

  @ParameterizedTest(name = "byte {0} of the header")
  @ValueSource(ints = {0, 5, 20, 24, 40, 70, 100})
  void anyAlteredHeaderByteIsRefused(int at) {
    assertThat(at).isLessThan(Damage.headerLength(file));

    // The version line and the layout are damage; the stanza's own bytes make the key not fit,
    // which is what the age tool says too ("no identity matched").
    assertThatThrownBy(() -> decrypt(Damage.flip(file, at), identities))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void anAlteredNonceFailsTheFirstChunkAndHandsOutNothing() {
    int nonce = Damage.headerLength(file) + 3;

    assertThat(readUntilFailure(Damage.flip(file, nonce)))
        .as("bytes handed out before the failure")
        .isEmpty();
  }

  @Test
  void anAlteredMiddleChunkIsRefusedBeforeAnyOfItsBytesIsHandedOut() {
    int inSecondChunk = Damage.chunkStart(file, 1) + 1000;

    byte[] before = readUntilFailure(Damage.flip(file, inSecondChunk));

    assertThat(before).isEqualTo(Arrays.copyOf(plain, PLAIN_CHUNK));
  }

  @Test
  void afterDamageEveryReadFailsAgainAndNothingMoreIsHandedOut() throws Exception {
    byte[] damaged = Damage.flip(file, Damage.chunkStart(file, 1) + 10);
    try (InputStream in =
        AgeEncryption.decrypt(new ByteArrayInputStream(damaged), identities, "x")) {
      in.readNBytes(PLAIN_CHUNK);
      EncryptedDataDamagedException first =
          org.junit.jupiter.api.Assertions.assertThrows(
              EncryptedDataDamagedException.class, () -> in.read(new byte[10]));

      assertThatThrownBy(() -> in.read(new byte[10])).isSameAs(first);
      assertThatThrownBy(in::read).isSameAs(first);
    }
  }

  @Test
  void anAlteredLastChunkIsRefused() {
    int inLastChunk = file.length - 5;

    byte[] before = readUntilFailure(Damage.flip(file, inLastChunk));

    assertThat(before).isEqualTo(Arrays.copyOf(plain, 3 * PLAIN_CHUNK));
  }

  @Test
  void anAlteredTagOfTheFirstChunkIsRefused() {
    int tag = Damage.chunkStart(file, 1) - 1;

    assertThat(readUntilFailure(Damage.flip(file, tag))).isEmpty();
  }

  @Test
  void aCutAnywhereIsRefused() {
    int header = Damage.headerLength(file);
    int[] cuts = {
      0,
      10,
      header - 1,
      header, // no nonce
      header + 8, // half a nonce
      header + Damage.NONCE, // no payload at all
      header + Damage.NONCE + 1,
      Damage.chunkStart(file, 1) - 1,
      Damage.chunkStart(file, 1), // exactly after the first chunk
      Damage.chunkStart(file, 2), // exactly after the second chunk
      Damage.chunkStart(file, 3), // exactly after the third, before the short last one
      Damage.chunkStart(file, 3) + 16, // a last chunk of only a tag's length
      file.length - 1
    };
    for (int cut : cuts) {
      assertThatThrownBy(() -> decrypt(Damage.cut(file, cut), identities))
          .as("cut at byte %d of %d", cut, file.length)
          .isInstanceOf(EncryptedDataDamagedException.class);
    }
  }

  @Test
  void aCutAtAChunkBoundaryOfAFileOfWholeChunksIsRefused() throws Exception {
    // Here every chunk is full; the final one differs only in its nonce's last-chunk flag.
    byte[] whole = randomBytes(3 * PLAIN_CHUNK, 12);
    byte[] encrypted = encrypt(whole, Identity.generate(dir.resolve("k2")).value());
    List<Identity> key = Identity.readFile(dir.resolve("k2"));
    assertThat(decrypt(encrypted, key)).isEqualTo(whole);

    for (int chunks = 1; chunks < 3; chunks++) {
      byte[] cut = Damage.cut(encrypted, Damage.chunkStart(encrypted, chunks));
      assertThatThrownBy(() -> decrypt(cut, key))
          .isInstanceOf(EncryptedDataDamagedException.class)
          .hasMessageContaining("chunk " + chunks);
    }
  }

  @Test
  void nothingAfterTheFinalChunkIsAccepted() throws Exception {
    byte[] secondFile = encrypt(randomBytes(100, 13), Identity.generate(dir.resolve("k3")).value());
    byte[][] extras = {
      {0},
      "\n".getBytes(StandardCharsets.US_ASCII),
      new byte[16],
      Arrays.copyOfRange(file, Damage.chunkStart(file, 1), Damage.chunkStart(file, 2)),
      secondFile
    };
    for (byte[] extra : extras) {
      assertThatThrownBy(() -> decrypt(Damage.append(file, extra), identities))
          .as("%d bytes appended", extra.length)
          .isInstanceOf(EncryptedDataDamagedException.class);
    }
    // And with a file of whole chunks, whose final chunk is as long as any other.
    byte[] whole =
        encrypt(randomBytes(2 * PLAIN_CHUNK, 14), Identity.generate(dir.resolve("k4")).value());
    List<Identity> key = Identity.readFile(dir.resolve("k4"));
    assertThatThrownBy(() -> decrypt(Damage.append(whole, new byte[] {1}), key))
        .isInstanceOf(EncryptedDataDamagedException.class);
  }

  @Test
  void somethingThatIsNotAnAgeFileIsRefusedAsSuch() {
    byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

    for (byte[] bytes : List.of(gzip, new byte[0], "age-encryption.org/v".getBytes())) {
      assertThat(AgeEncryption.isAgeFile(bytes, bytes.length)).isFalse();
      assertThatThrownBy(() -> decrypt(bytes, identities))
          .isInstanceOf(EncryptedDataDamagedException.class)
          .hasMessage("cannot decrypt test.tar.gz.age: it is not an age-encrypted file");
    }
  }

  @Test
  void theHeaderLinesAreRecognisedFromTheFirstBytes() {
    assertThat(AgeEncryption.isAgeFile(file, AgeEncryption.DETECT_BYTES)).isTrue();
    byte[] armored = "\n-----BEGIN AGE ENCRYPTED FILE-----\nYWdl".getBytes();
    assertThat(AgeEncryption.isAgeFile(armored, armored.length)).isTrue();
    byte[] v2 = "age-encryption.org/v2\n".getBytes();
    assertThat(AgeEncryption.isAgeFile(v2, v2.length)).isFalse();
  }

  @Test
  void aFailureOfTheUnderlyingStreamStaysAnIoErrorAndIsNotCalledDamage() throws Exception {
    IOException deviceError = new IOException("Input/output error");
    InputStream failing =
        new java.io.FilterInputStream(new ByteArrayInputStream(file)) {
          long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read > 2L * Damage.CHUNK) {
              throw deviceError;
            }
            int n = super.read(b, off, len);
            read += Math.max(0, n);
            return n;
          }
        };

    try (InputStream in = AgeEncryption.decrypt(failing, identities, "x")) {
      assertThatThrownBy(in::readAllBytes).isSameAs(deviceError);
    }
  }

  @Test
  void theFileIsClosedWhenOpeningFails() {
    AgeInteropTest.CountingInput notAge =
        new AgeInteropTest.CountingInput(new ByteArrayInputStream(new byte[100]));
    AgeInteropTest.CountingInput noKey =
        new AgeInteropTest.CountingInput(new ByteArrayInputStream(file));

    assertThatThrownBy(() -> AgeEncryption.decrypt(notAge, identities, "x"))
        .isInstanceOf(EncryptedDataDamagedException.class);
    assertThatThrownBy(() -> AgeEncryption.decrypt(noKey, List.of(), "x"))
        .isInstanceOf(NoIdentityMatchesException.class);

    assertThat(notAge.closed).isTrue();
    assertThat(noKey.closed).isTrue();
  }

  @Test
  void theDamageExceptionIsTheDomainsWithAHint() {
    byte[] cut = Damage.cut(file, Damage.chunkStart(file, 1));

    assertThatThrownBy(() -> decrypt(cut, identities))
        .isInstanceOf(VpoException.class)
        .satisfies(e -> assertThat(((VpoException) e).hint()).contains("damaged or incomplete"));
  }

  /** Reads until decryption fails, returning what was handed out before; fails if it never does. */
  private byte[] readUntilFailure(byte[] damaged) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in =
        AgeEncryption.decrypt(new ByteArrayInputStream(damaged), identities, "x")) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (EncryptedDataDamagedException expected) {
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError("damage must not look like an I/O error", e);
    }
    throw new AssertionError("damaged file decrypted without an error");
  }
}
