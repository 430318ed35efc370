package vpo.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Identity files: made private and never over another, read as age reads them, or refused. */
class KeyFilesTest {
  @TempDir Path dir;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private Path keyFile(String name, String content, String mode) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  private String secretKeyOf(Path generated) throws Exception {
    return Files.readAllLines(generated).get(2);
  }

  @Test
  void generateWritesAgeKeygensFormatPrivatelyInNewPrivateDirectories() throws Exception {
    Path key = dir.resolve("a/b/backup-key.txt");

    Recipient recipient = Identity.generate(key);

    List<String> lines = Files.readAllLines(key);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .matches("# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
    assertThat(lines.get(1)).isEqualTo("# public key: " + recipient.value());
    assertThat(recipient.value()).matches("age1[02-9ac-hj-np-z]{58}");
    assertThat(lines.get(2)).matches("AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}");
    assertThat(mode(key)).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(key.getParent())) {
      assertThat(files).as("no temp file left").containsExactly(key);
    }
    // The key opens what is encrypted to the recipient returned.
    byte[] plain = AgeCli.randomBytes(1000, 1);
    assertThat(AgeCli.decrypt(AgeCli.encrypt(plain, recipient.value()), Identity.readFile(key)))
        .isEqualTo(plain);
  }

  @Test
  void generateNeverOverwritesAKey() throws Exception {
    Path key = dir.resolve("backup-key.txt");
    Identity.generate(key);
    byte[] before = Files.readAllBytes(key);

    assertThatThrownBy(() -> Identity.generate(key))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("identity file " + key + " already exists; vpo never overwrites a key");

    assertThat(Files.readAllBytes(key)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(key);
    }
  }

  @Test
  void generateDoesNotWriteThroughASymlinkOrReplaceOne() throws Exception {
    Path elsewhere = dir.resolve("elsewhere.txt");
    Path link = Files.createSymbolicLink(dir.resolve("key.txt"), elsewhere);

    assertThatThrownBy(() -> Identity.generate(link)).isInstanceOf(KeyFileException.class);

    assertThat(elsewhere).doesNotExist();
  }

  @Test
  void twoKeysGeneratedAreDifferent() {
    assertThat(Identity.generate(dir.resolve("1")))
        .isNotEqualTo(Identity.generate(dir.resolve("2")));
  }

  @ParameterizedTest(name = "mode {0}")
  @ValueSource(strings = {"rw-------", "r--------"})
  void aPrivateKeyFileIsAccepted(String perms) throws Exception {
    Path generated = dir.resolve("gen.txt");
    Identity.generate(generated);
    Files.setPosixFilePermissions(generated, PosixFilePermissions.fromString(perms));

    assertThat(Identity.readFile(generated)).hasSize(1);
  }

  @ParameterizedTest(name = "mode {0}")
  @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--"})
  void aKeyFileOthersCanReadIsRefusedWithTheChmodThatFixesIt(String perms) throws Exception {
    Path generated = dir.resolve("gen.txt");
    Identity.generate(generated);
    Files.setPosixFilePermissions(generated, PosixFilePermissions.fromString(perms));

    assertThatThrownBy(() -> Identity.readFile(generated))
        .isInstanceOfSatisfying(
            KeyFileExposedException.class,
            e -> {
              assertThat(e.hint()).isEqualTo("chmod 600 " + generated);
              assertThat(e.getMessage())
                  .startsWith(
                      "identity file " + generated + " is readable by other users (mode 06");
            });
  }

  @Test
  void theChmodHintQuotesAPathTheShellWouldSplit() throws Exception {
    Path generated = dir.resolve("my key's file.txt");
    Identity.generate(generated);
    Files.setPosixFilePermissions(generated, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> Identity.readFile(generated))
        .isInstanceOfSatisfying(
            KeyFileExposedException.class,
            e ->
                assertThat(e.hint())
                    .isEqualTo("chmod 600 '" + generated.toString().replace("'", "'\\''") + "'"));
  }

  @Test
  void commentsBlankLinesAndSeveralKeysAreRead() throws Exception {
    Identity.generate(dir.resolve("k1"));
    Identity.generate(dir.resolve("k2"));
    String content =
        "# my keys\r\n\r\n"
            + secretKeyOf(dir.resolve("k1"))
            + "\r\n   \n# the second one\n"
            + secretKeyOf(dir.resolve("k2"))
            + "\n";
    Path both = keyFile("both.txt", content, "rw-------");

    List<Identity> identities = Identity.readFile(both);

    assertThat(identities)
        .extracting(Identity::origin)
        .containsExactly(both + " line 3", both + " line 6");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.txt");

    assertThatThrownBy(() -> Identity.readFile(missing))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("cannot read identity file " + missing + ": no such file");
  }

  @Test
  void aDirectoryIsNamed() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("keys"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));

    assertThatThrownBy(() -> Identity.readFile(sub))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("identity file " + sub + " is a directory");
  }

  @Test
  void malformedContentIsRefusedWithoutEchoingAnySecret() throws Exception {
    Identity.generate(dir.resolve("real"));
    String secret = secretKeyOf(dir.resolve("real"));
    // One letter changed: the checksum fails.
    char last = secret.charAt(secret.length() - 1);
    String damaged = secret.substring(0, secret.length() - 1) + (last == 'Q' ? 'P' : 'Q');
    String truncated = secret.substring(0, 40);
    record Case(String content, String message) {}
    List<Case> cases =
        List.of(
            new Case("# only a comment\n\n", "holds no secret key"),
            new Case("", "holds no secret key"),
            new Case("# c\n" + damaged + "\n", "line 2 holds a damaged secret key"),
            new Case(truncated + "\n", "line 1 holds a damaged secret key"),
            new Case("hello world\n", "line 1 is not an age secret key"),
            new Case(
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n",
                "holds an SSH or PEM private key"),
            new Case("age-encryption.org/v1\n-> scrypt x 18\n", "is itself encrypted"),
            new Case(
                "AGE-PLUGIN-YUBIKEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQ\n",
                "line 1 holds an age plugin identity"));
    int n = 0;
    for (Case c : cases) {
      Path p = keyFile("bad" + n++, c.content(), "rw-------");
      assertThatThrownBy(() -> Identity.readFile(p))
          .as(c.content())
          .isInstanceOf(KeyFileException.class)
          .hasMessageContaining(p.toString())
          .hasMessageContaining(c.message())
          .satisfies(
              e -> {
                assertThat(e.getMessage()).doesNotContain(damaged).doesNotContain(truncated);
                assertThat(e.getCause()).as("no cause that could carry the key").isNull();
              });
    }
  }

  @Test
  void anIdentityNeverShowsItsSecret() throws Exception {
    Path key = dir.resolve("k");
    Identity.generate(key);
    String secret = secretKeyOf(key);

    Identity identity = Identity.readFile(key).get(0);

    assertThat(identity.toString()).isEqualTo("identity from " + key + " line 3");
    assertThat(identity.toString()).doesNotContain(secret.substring(16, 30));
  }

  @Test
  void theIdentityFileIsReadAsBytesWhateverItsEncoding() throws Exception {
    Path p = keyFile("latin.txt", "", "rw-------");
    Files.write(p, "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> Identity.readFile(p)).hasMessageContaining("holds no secret key");
  }
}
