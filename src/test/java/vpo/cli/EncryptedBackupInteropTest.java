package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.PythonArchiveCheck;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Encrypted backups and the real age tool, both ways, through the command line: what vpo encrypts,
 * {@code age -d | tar xzf -} recovers, and its plaintext is a format-1 archive stock Python reads;
 * what a user encrypts by hand with {@code age -r}, vpo restores.
 */
class EncryptedBackupInteropTest {
  private static final String AGE_HEADER = "age-encryption.org/v1\n";

  /**
   * The header bytes SQLite rewrites when restore switches the installed copy to WAL: the read and
   * write format versions (18, 19), the change counter (24-27) and the version-valid-for number
   * (92-95). Everything else of the installed file is the archive's database, byte for byte.
   */
  private static final Set<Integer> WAL_SWITCH_BYTES =
      Set.of(18, 19, 24, 25, 26, 27, 92, 93, 94, 95);

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private AgeTool age;
  private TestHome home;

  @BeforeEach
  void setUp() {
    AgeTool.assumeInstalled();
    age = new AgeTool(children);
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 250, 31);
    // Incompressible bulk, so that the archive spans several 64 KiB age chunks.
    LibraryFixture.execute(
        home.library(),
        "CREATE TABLE test_bulk (b BLOB)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4)"
            + " INSERT INTO test_bulk SELECT randomblob(100000) FROM n");
  }

  @Test
  void aBackupToARecipientIsAnAgeFileThatAgeAndTarRecover() throws Exception {
    Path key = tmp.resolve("key.txt");
    String recipient = age.keygen(key);
    String before = LibraryContent.dump(home.library());

    JsonNode report = home.backup("--recipient", recipient);

    Path archive = Path.of(report.get("path").asText());
    assertThat(archive.getParent()).isEqualTo(home.backups());
    assertThat(archive.getFileName().toString())
        .matches("vpo-library-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.tar\\.gz\\.age");
    assertThat(report.get("encrypted").asBoolean()).isTrue();
    assertThat(report.get("archive_size_bytes").asLong()).isEqualTo(Files.size(archive));
    assertThat(report.get("sha256").asText()).isEqualTo(Sha256.of(archive));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)))
        .isEqualTo("rw-------");
    byte[] bytes = Files.readAllBytes(archive);
    assertThat(new String(bytes, 0, AGE_HEADER.length(), StandardCharsets.US_ASCII))
        .isEqualTo(AGE_HEADER);
    assertThat(bytes.length).as("several age chunks").isGreaterThan(4 * 65536);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(DiskState.names(home.backups())).containsExactly(archive.getFileName().toString());

    // Recovery without vpo: age -d | tar xzf -.
    Path recovered = age.decryptAndExtract(key, archive, tmp.resolve("recovered"));
    assertThat(DiskState.names(recovered)).containsExactly("backup_metadata.json", "library.db");
    assertThat(LibraryContent.dump(recovered.resolve("library.db"))).isEqualTo(before);

    // The plaintext is a format-1 archive that stock Python reads as the Python VPO does.
    Path plain = age.decrypt(key, archive, tmp.resolve("plain.tar.gz"));
    Path extracted = Files.createDirectories(tmp.resolve("python"));
    JsonNode py = PythonArchiveCheck.inspect(children, plain, extracted);
    assertIsAFormatOneArchive(py, 250);
    assertThat(py.get("db_sha256").asText())
        .isEqualTo(Sha256.of(recovered.resolve("library.db")))
        .isEqualTo(report.get("database_sha256").asText());

    // vpo's restore installs that very database (in WAL mode, which rewrites a few header bytes).
    LibraryFixture.execute(home.library(), "DELETE FROM files WHERE id % 2 = 0");
    TestHome.Result restore =
        home.run("library", "restore", archive.toString(), "--yes", "--identity", key.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(differingOffsets(recovered.resolve("library.db"), home.library()))
        .isSubsetOf(WAL_SWITCH_BYTES);
    assertThat(LibraryContent.dump(home.library())).isEqualTo(before);
  }

  @Test
  void recipientsFromTheConfigEncryptEveryBackupAndTheConfiguredIdentityOpensIt() throws Exception {
    Path laptop = tmp.resolve("laptop-key.txt");
    String laptopRecipient = age.keygen(laptop);
    Path offsite = tmp.resolve("offsite-key.txt");
    String offsiteRecipient = age.keygen(offsite);
    Files.writeString(
        home.home().resolve("team-recipients.txt"),
        "# who may read the backups\n\n# the off-site box\n" + offsiteRecipient + "\n");
    configure(
        "recipients = [\"" + laptopRecipient + "\"]",
        "recipients_file = \"~/team-recipients.txt\"",
        "identity_file = \"" + offsite + "\"");
    String before = LibraryContent.dump(home.library());

    JsonNode report = home.backup();

    Path archive = Path.of(report.get("path").asText());
    assertThat(archive.toString()).endsWith(".tar.gz.age");
    // Each recipient's key alone opens it, with the age tool.
    byte[] plainWithLaptop =
        Files.readAllBytes(age.decrypt(laptop, archive, tmp.resolve("laptop.tar.gz")));
    byte[] plainWithOffsite =
        Files.readAllBytes(age.decrypt(offsite, archive, tmp.resolve("offsite.tar.gz")));
    assertThat(plainWithLaptop).isEqualTo(plainWithOffsite);
    assertIsAFormatOneArchive(
        PythonArchiveCheck.inspect(
            children, tmp.resolve("laptop.tar.gz"), Files.createDirectories(tmp.resolve("py"))),
        250);

    // [backup] identity_file: the listing reads the metadata and restore needs no flag.
    TestHome.Result list = home.run("library", "backups", "--json");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    JsonNode entry = CliAssertions.json(list).get("backups").get(0);
    assertThat(entry.get("readable").asBoolean()).isTrue();
    assertThat(entry.get("file_count").asLong()).isEqualTo(250);
    LibraryFixture.execute(home.library(), "DELETE FROM files");
    TestHome.Result restore = home.run("library", "restore", archive.toString(), "--yes");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(before);
  }

  @Test
  void theKeyVpoGeneratesIsUsedByDefaultToReadWhatIsEncryptedToIt() throws Exception {
    TestHome.Result keygen = home.run("library", "key", "generate", "--json");
    assertThat(keygen.exitCode()).as(keygen.toString()).isZero();
    String recipient = CliAssertions.json(keygen).get("recipient").asText();
    String before = LibraryContent.dump(home.library());

    Path archive = Path.of(home.backup("--recipient", recipient).get("path").asText());

    // The age tool opens it with vpo's key.
    Path recovered =
        age.decryptAndExtract(
            home.dataDir().resolve("backup-key.txt"), archive, tmp.resolve("recovered"));
    assertThat(LibraryContent.dump(recovered.resolve("library.db"))).isEqualTo(before);
    // And vpo reads it with no --identity: the key in the data directory is the default.
    TestHome.Result list = home.run("library", "backups", "--json");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(CliAssertions.json(list).get("backups").get(0).get("file_count").asLong())
        .isEqualTo(250);
    LibraryFixture.execute(home.library(), "DELETE FROM files WHERE id > 10");
    TestHome.Result restore = home.run("library", "restore", archive.toString(), "--yes");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}, armored: {1}")
  @CsvSource({"mine.tgz.age, false", "odd.bin, false", "armored.txt, true"})
  void anArchiveEncryptedByHandWithTheAgeToolRestores(String name, boolean armor) throws Exception {
    Path key = tmp.resolve("key.txt");
    String recipient = age.keygen(key);
    Path plain = Path.of(home.backup().get("path").asText());
    Path byHand = age.encrypt(plain, tmp.resolve(name), armor, recipient);
    String before = LibraryContent.dump(home.library());
    LibraryFixture.execute(home.library(), "DELETE FROM files WHERE id < 100");

    TestHome.Result dryRun =
        home.run(
            "library",
            "restore",
            byHand.toString(),
            "--dry-run",
            "--json",
            "--identity",
            key.toString());
    TestHome.Result restore =
        home.run("library", "restore", byHand.toString(), "--yes", "--identity", key.toString());

    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    JsonNode preview = CliAssertions.json(dryRun);
    assertThat(preview.get("valid").asBoolean()).isTrue();
    assertThat(preview.get("file_count").asLong()).isEqualTo(250);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(before);
  }

  /** Appends lines to the config's [backup] section. */
  private void configure(String... lines) throws Exception {
    Path config = home.dataDir().resolve("config.toml");
    String text = Files.readString(config);
    assertThat(text).contains("\n[backup]\n");
    Files.writeString(
        config, text.replace("\n[backup]\n", "\n[backup]\n" + String.join("\n", lines) + "\n"));
  }

  /** What ARCHIVE-FORMAT.md requires of a format-1 archive, as stock Python sees it. */
  static void assertIsAFormatOneArchive(JsonNode py, long files) {
    assertThat(py.get("quick_check").toString()).isEqualTo("[\"ok\"]");
    assertThat(py.get("journal_mode").asText()).isEqualTo("delete");
    assertThat(py.get("files").asLong()).isEqualTo(files);
    List<String> names = new ArrayList<>();
    py.get("members").forEach(m -> names.add(m.get("name").asText()));
    assertThat(names).containsExactly("backup_metadata.json", "library.db");
    py.get("members")
        .forEach(
            m -> {
              assertThat(m.get("regular").asBoolean()).as(m.toString()).isTrue();
              assertThat(m.get("mode").asInt()).as(m.toString()).isEqualTo(0600);
            });
    JsonNode meta = py.get("metadata");
    assertThat(meta.get("format_version").asInt()).isEqualTo(1);
    assertThat(meta.get("compression").asText()).isEqualTo("gzip");
    assertThat(meta.get("file_count").asLong()).isEqualTo(files);
    assertThat(meta.get("database_sha256").asText()).isEqualTo(py.get("db_sha256").asText());
    assertThat(meta.get("database_size_bytes").asLong()).isEqualTo(py.get("db_size").asLong());
    Map<String, String> types = new TreeMap<>();
    py.get("metadata_types")
        .properties()
        .forEach(e -> types.put(e.getKey(), e.getValue().asText()));
    // The seven fields the Python VPO requires, with the Python types it requires.
    assertThat(types)
        .containsAllEntriesOf(
            Map.of(
                "vpo_version", "str",
                "schema_version", "int",
                "created_at", "str",
                "database_size_bytes", "int",
                "file_count", "int",
                "total_library_size_bytes", "int",
                "compression", "str"));
  }

  /** Offsets at which two files of the same length differ. */
  private static List<Integer> differingOffsets(Path a, Path b) throws Exception {
    byte[] x = Files.readAllBytes(a);
    byte[] y = Files.readAllBytes(b);
    assertThat(y.length).as("installed size").isEqualTo(x.length);
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (x[i] != y[i]) {
        offsets.add(i);
      }
    }
    return offsets;
  }
}
