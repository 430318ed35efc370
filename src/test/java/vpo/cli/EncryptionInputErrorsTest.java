package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Bad keys and recipients: a malformed recipient is a command-line error (exit 2) naming it, a key
 * file others may read is refused with the {@code chmod} that fixes it, a missing one is named; a
 * recipients file is read as the age tool reads it. And a key kept away from the machine (the
 * configured identity file absent, or the default one exposed) stops only what needs the key.
 */
class EncryptionInputErrorsTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private AgeTool age;
  private TestHome home;
  private Path key;
  private String recipient;

  @BeforeEach
  void setUp() {
    AgeTool.assumeInstalled();
    age = new AgeTool(children);
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 20, 9);
    key = tmp.resolve("key.txt");
    recipient = age.keygen(key);
  }

  @Test
  void aMalformedRecipientIsACommandLineErrorNamingItAndWritesNothing() {
    // One letter changed: the Bech32 checksum no longer matches.
    String typo =
        recipient.substring(0, 20)
            + (recipient.charAt(20) == 'q' ? 'p' : 'q')
            + recipient.substring(21);
    SortedMap<String, String> before = DiskState.of(home.home(), home.dataDir().resolve("logs"));

    TestHome.Result text = home.run("library", "backup", "--recipient", typo);
    TestHome.Result json = home.run("library", "backup", "--recipient", typo, "--json");
    TestHome.Result notAKey = home.run("library", "backup", "--recipient", "bob@example.com");

    CliAssertions.assertTextError(text, 2, "not a valid age recipient", "'" + typo + "'");
    JsonNode doc = CliAssertions.assertJsonError(json, 2, "usage_error");
    assertThat(doc.get("error").asText()).contains(typo);
    CliAssertions.assertTextError(notAKey, 2, "'bob@example.com'");
    assertThat(DiskState.of(home.home(), home.dataDir().resolve("logs"))).isEqualTo(before);
  }

  @Test
  void aSecretKeyGivenAsARecipientIsRefusedWithoutEchoingIt() throws Exception {
    String secret =
        Files.readAllLines(key).stream()
            .filter(l -> l.startsWith("AGE-SECRET-KEY-1"))
            .findFirst()
            .orElseThrow();

    TestHome.Result r = home.run("library", "backup", "--recipient", secret);

    CliAssertions.assertTextError(r, 2, "secret key");
    assertThat(r.err()).doesNotContain(secret).doesNotContain(secret.substring(16, 40));
    assertThat(DiskState.archivesIn(home.backups())).isEmpty();
  }

  @Test
  void aRecipientsFileWithCommentsAndBlankLinesIsReadAsTheAgeToolReadsIt() throws Exception {
    Path other = tmp.resolve("other.txt");
    String otherRecipient = age.keygen(other);
    Path recipients =
        Files.writeString(
            tmp.resolve("recipients.txt"),
            "# backups of the media library\n\n"
                + recipient
                + "\n# the second machine\n"
                + otherRecipient
                + "\n\n");
    // The age tool accepts the same file.
    age.encryptToRecipientsFile(home.library(), tmp.resolve("check.age"), recipients);

    JsonNode report = home.backup("--recipients-file", recipients.toString());

    Path archive = Path.of(report.get("path").asText());
    assertThat(archive.toString()).endsWith(".tar.gz.age");
    for (Path k : new Path[] {key, other}) {
      Path out = age.decryptAndExtract(k, archive, tmp.resolve("with-" + k.getFileName()));
      assertThat(LibraryContent.dump(out.resolve("library.db")))
          .isEqualTo(LibraryContent.dump(home.library()));
    }
  }

  @Test
  void aRecipientsFileWithABadLineNamesTheFileAndTheLine() throws Exception {
    Path recipients =
        Files.writeString(tmp.resolve("recipients.txt"), "# keys\n" + recipient + "\nage1oops\n");

    TestHome.Result r = home.run("library", "backup", "--recipients-file", recipients.toString());

    CliAssertions.assertTextError(r, 2, recipients + " line 3", "'age1oops'");
    assertThat(DiskState.archivesIn(home.backups())).isEmpty();
  }

  @Test
  void anIdentityFileOthersMayReadIsRefusedWithTheChmodThatFixesIt() throws Exception {
    Path archive = Path.of(home.backup("--recipient", recipient).get("path").asText());
    Path exposed = Files.copy(key, tmp.resolve("exposed key.txt"));
    Files.setPosixFilePermissions(exposed, PosixFilePermissions.fromString("rw-r--r--"));
    SortedMap<String, String> before = DiskState.of(home.home(), home.dataDir().resolve("logs"));

    TestHome.Result restore =
        home.run(
            "library", "restore", archive.toString(), "--yes", "--identity", exposed.toString());
    TestHome.Result list =
        home.run("library", "backups", "--json", "--identity", exposed.toString());

    CliAssertions.assertTextError(
        restore, 1, exposed.toString(), "readable by other users", "mode 0644");
    assertThat(CliAssertions.errorLines(restore).get(0)).endsWith("chmod 600 '" + exposed + "'");
    JsonNode doc = CliAssertions.assertJsonError(list, 1, "key_file_error");
    assertThat(doc.get("error").asText()).endsWith("chmod 600 '" + exposed + "'");
    assertThat(DiskState.of(home.home(), home.dataDir().resolve("logs"))).isEqualTo(before);

    // The hint works: after that chmod the same command restores.
    children.run(10, java.util.List.of("chmod", "600", exposed.toString()));
    TestHome.Result again =
        home.run(
            "library", "restore", archive.toString(), "--yes", "--identity", exposed.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
  }

  @Test
  void aMissingIdentityFileIsNamed() {
    Path missing = tmp.resolve("usb").resolve("key.txt");

    TestHome.Result restore =
        home.run("library", "restore", "x.tar.gz.age", "--yes", "--identity", missing.toString());
    TestHome.Result list = home.run("library", "backups", "--identity", missing.toString());

    CliAssertions.assertTextError(restore, 1, "cannot read identity file " + missing);
    CliAssertions.assertTextError(list, 1, "cannot read identity file " + missing);
  }

  @Test
  void aConfiguredKeyKeptOffTheMachineIsNeededOnlyToDecrypt() throws Exception {
    // The secret key lives on a stick that is not plugged in; only the public key is here.
    Path absent = tmp.resolve("usb").resolve("vpo-key.txt");
    Path plain = Path.of(home.backup().get("path").asText());
    configure("recipients = [\"" + recipient + "\"]", "identity_file = \"" + absent + "\"");

    // Backups need only the recipient; info and the listing need no key.
    JsonNode encrypted = home.backup();
    TestHome.Result info = home.run("library", "info");
    TestHome.Result list = home.run("library", "backups", "--json");
    assertThat(encrypted.get("encrypted").asBoolean()).isTrue();
    assertThat(info.exitCode()).as(info.toString()).isZero();
    assertThat(list.exitCode()).as(list.toString()).isZero();
    JsonNode backups = CliAssertions.json(list).get("backups");
    assertThat(backups).hasSize(2);
    JsonNode locked = backups.get(0);
    assertThat(locked.get("encrypted").asBoolean()).isTrue();
    assertThat(locked.get("readable").asBoolean()).isFalse();
    assertThat(locked.get("problem").asText()).contains(absent.toString());
    assertThat(backups.get(1).get("file_count").asLong()).isEqualTo(20);

    // A plain archive restores; an encrypted one says which key file is missing.
    String content = LibraryContent.dump(home.library());
    LibraryFixture.execute(home.library(), "DELETE FROM files");
    TestHome.Result restorePlain = home.run("library", "restore", plain.toString(), "--yes");
    assertThat(restorePlain.exitCode()).as(restorePlain.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(content);
    TestHome.Result restoreEncrypted =
        home.run("library", "restore", encrypted.get("path").asText(), "--yes");
    CliAssertions.assertTextError(restoreEncrypted, 1, "cannot read identity file " + absent);
  }

  @Test
  void anExposedDefaultKeyStopsOnlyWhatNeedsTheKey() throws Exception {
    Path defaultKey = home.dataDir().resolve("backup-key.txt");
    Files.copy(key, defaultKey);
    Files.setPosixFilePermissions(defaultKey, PosixFilePermissions.fromString("rw-r--r--"));
    Path plain = Path.of(home.backup().get("path").asText());
    Path encrypted = Path.of(home.backup("--recipient", recipient).get("path").asText());

    TestHome.Result info = home.run("library", "info");
    TestHome.Result list = home.run("library", "backups");
    TestHome.Result restorePlain =
        home.run("library", "restore", plain.toString(), "--yes", "--no-safety-backup");
    TestHome.Result restoreEncrypted =
        home.run("library", "restore", encrypted.toString(), "--yes");

    assertThat(info.exitCode()).as(info.toString()).isZero();
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains("chmod 600 " + defaultKey);
    assertThat(restorePlain.exitCode()).as(restorePlain.toString()).isZero();
    CliAssertions.assertTextError(
        restoreEncrypted, 1, defaultKey.toString(), "chmod 600 " + defaultKey);
  }

  /** Appends lines to the config's [backup] section. */
  private void configure(String... lines) throws Exception {
    Path config = home.dataDir().resolve("config.toml");
    String text = Files.readString(config);
    assertThat(text).contains("\n[backup]\n");
    Files.writeString(
        config, text.replace("\n[backup]\n", "\n[backup]\n" + String.join("\n", lines) + "\n"));
  }
}
