package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Safety archives (pre-restore, pre-migration) are plain even when the config encrypts every
 * backup: they stay beside the library, which is plain on the same disk, and undoing a restore or a
 * migration must never need a key that may be elsewhere (docs/DECISIONS.md).
 */
class SafetyArchivesStayPlainTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private AgeTool age;
  private Path key;
  private String recipient;

  @BeforeEach
  void setUp() {
    AgeTool.assumeInstalled();
    age = new AgeTool(children);
    key = tmp.resolve("key.txt");
    recipient = age.keygen(key);
  }

  @Test
  void thePreRestoreArchiveIsPlainAndUndoesTheRestoreWithoutTheKey() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 30, 2);
    configureRecipient(home);
    Path encrypted = Path.of(home.backup().get("path").asText());
    assertThat(encrypted.toString()).endsWith(".tar.gz.age");
    LibraryFixture.execute(home.library(), "DELETE FROM files WHERE id > 5");
    String current = LibraryContent.dump(home.library());

    TestHome.Result restore =
        home.run("library", "restore", encrypted.toString(), "--yes", "--identity", key.toString());

    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    List<Path> safety =
        DiskState.archivesIn(home.backups()).stream()
            .filter(p -> p.getFileName().toString().contains("-pre-restore"))
            .toList();
    assertThat(safety).hasSize(1);
    Path undo = safety.get(0);
    assertThat(undo.getFileName().toString()).endsWith("-pre-restore.db");
    assertThat(LibraryContent.dump(undo)).as("the replaced library, plain").isEqualTo(current);
    assertThat(restore.out()).contains("undo with: vpo library restore " + undo);

    // Undo with no key anywhere: the plain safety archive needs none.
    Files.move(key, tmp.resolve("key-elsewhere.txt"));
    TestHome.Result undone = home.run("library", "restore", undo.toString(), "--yes");
    assertThat(undone.exitCode()).as(undone.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(current);
  }

  @Test
  void thePreMigrationArchiveIsPlain() throws Exception {
    TestHome home = new TestHome(tmp);
    Files.createDirectories(home.dataDir());
    Files.writeString(
        home.dataDir().resolve("config.toml"), "[backup]\nrecipients = [\"" + recipient + "\"]\n");
    LibraryFixture.createV26(home.library());
    String before = LibraryContent.dump(home.library());

    TestHome.Result info = home.run("library", "info");

    assertThat(info.exitCode()).as(info.toString()).isZero();
    List<Path> archives = DiskState.archivesIn(home.backups());
    assertThat(archives).hasSize(1);
    Path safety = archives.get(0);
    assertThat(safety.getFileName().toString()).endsWith("-pre-migration.tar.gz");
    assertIsGzip(safety);
    ChildProcesses.Output tar =
        children.run(60, List.of("tar", "xzf", safety.toString(), "-C", tmp.toString()));
    assertThat(tar.exitCode()).as(tar.toString()).isZero();
    assertThat(LibraryContent.dump(tmp.resolve("library.db"))).isEqualTo(before);
    // While backups proper follow the config.
    assertThat(home.backup().get("path").asText()).endsWith(".tar.gz.age");
  }

  private void configureRecipient(TestHome home) throws Exception {
    Path config = home.dataDir().resolve("config.toml");
    String text = Files.readString(config);
    assertThat(text).contains("\n[backup]\n");
    Files.writeString(
        config, text.replace("\n[backup]\n", "\n[backup]\nrecipients = [\"" + recipient + "\"]\n"));
  }

  private static void assertIsGzip(Path file) throws Exception {
    byte[] head = Files.readAllBytes(file);
    assertThat(head[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
    assertThat(head[1] & 0xff).as("gzip magic").isEqualTo(0x8b);
  }
}
