package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * {@code vpo library key generate}: a private key file the age tool reads, its recipient printed,
 * the advice to keep a copy elsewhere, and never a key replaced.
 */
class LibraryKeyGenerateCommandTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private AgeTool age;
  private TestHome home;

  @BeforeEach
  void setUp() {
    AgeTool.assumeInstalled();
    age = new AgeTool(children);
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 0, 0);
  }

  @Test
  void writesAPrivateKeyTheAgeToolUsesAndPrintsItsRecipientAndTheAdvice() throws Exception {
    Path key = home.dataDir().resolve("backup-key.txt");

    TestHome.Result r = home.run("library", "key", "generate");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    String recipient = age.recipientOf(key);
    assertThat(recipient).matches("age1[02-9ac-hj-np-z]{58}");
    List<String> lines = r.out().lines().toList();
    assertThat(lines)
        .containsExactly(
            "Key file:   " + key,
            "Public key: " + recipient,
            "Keep a copy of "
                + key
                + " somewhere other than this machine: without it, backups encrypted to this key"
                + " cannot be restored.");
    // The file is age-keygen's format: the public key comment, then the secret key.
    assertThat(Files.readAllLines(key))
        .hasSize(3)
        .satisfies(l -> assertThat(l.get(0)).startsWith("# created: "))
        .satisfies(l -> assertThat(l.get(1)).isEqualTo("# public key: " + recipient))
        .satisfies(l -> assertThat(l.get(2)).startsWith("AGE-SECRET-KEY-1"));
    // What the age tool encrypts to the printed recipient, the age tool decrypts with the key.
    Path plain = Files.writeString(tmp.resolve("note.txt"), "a note");
    Path encrypted = age.encrypt(plain, tmp.resolve("note.txt.age"), false, recipient);
    assertThat(age.decrypt(key, encrypted, tmp.resolve("back.txt"))).hasContent("a note");
  }

  @Test
  void neverReplacesAKeyThatExists() throws Exception {
    Path key = home.dataDir().resolve("backup-key.txt");
    TestHome.Result first = home.run("library", "key", "generate");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    byte[] before = Files.readAllBytes(key);

    TestHome.Result again = home.run("library", "key", "generate");

    CliAssertions.assertTextError(again, 1, key.toString(), "already exists", "-o");
    assertThat(Files.readAllBytes(key)).isEqualTo(before);

    // Any existing file at -o, whatever it holds, and under --json too.
    Path other =
        Files.writeString(home.home().resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
    TestHome.Result json = home.run("library", "key", "generate", "-o", "notes.txt", "--json");
    JsonNode error = CliAssertions.assertJsonError(json, 1, "key_file_error");
    assertThat(error.get("error").asText()).contains(other.toString());
    assertThat(other).hasContent("mine");
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
  }

  @Test
  void neverWritesThroughASymbolicLink() throws Exception {
    Path target = tmp.resolve("elsewhere").resolve("key.txt");
    Files.createDirectories(target.getParent());
    Path link = home.dataDir().resolve("backup-key.txt");
    Files.createSymbolicLink(link, target);

    TestHome.Result r = home.run("library", "key", "generate");

    CliAssertions.assertTextError(r, 1, link.toString(), "already exists");
    assertThat(target).doesNotExist();
  }

  @Test
  void jsonReportsTheFileAndTheRecipientOnly() throws Exception {
    TestHome.Result r = home.run("library", "key", "generate", "-o", "keys/offsite.txt", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = CliAssertions.json(r);
    Path key = home.home().resolve("keys").resolve("offsite.txt");
    assertThat(doc.properties().stream().map(e -> e.getKey()).toList())
        .containsExactly("success", "key_file", "recipient");
    assertThat(doc.get("success").asBoolean()).isTrue();
    assertThat(doc.get("key_file").asText()).isEqualTo(key.toString());
    assertThat(doc.get("recipient").asText()).isEqualTo(age.recipientOf(key));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
        .as("a directory made for the key is private too")
        .isEqualTo("rwx------");
    assertThat(home.dataDir().resolve("backup-key.txt")).doesNotExist();
  }
}
