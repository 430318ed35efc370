package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * A damaged or cut encrypted archive: restore stops with exit 3 before touching the library, leaves
 * no temp file anywhere, and {@code backups --verify} reports it; the age tool refuses the same
 * file, so vpo is not stricter or looser than the reference.
 */
class EncryptedArchiveDamageTest {
  /** An age payload chunk on disk: 64 KiB of ciphertext and a 16-byte tag. */
  private static final int CHUNK = (64 << 10) + 16;

  private static final int NONCE = 16;

  /** One kind of damage, done to a binary age file of several chunks. */
  enum Damage {
    /**
     * A byte of the header's recipient stanza flipped. The stanza no longer opens with any key, and
     * a damaged stanza cannot be told from one made for another key: vpo, like the age tool, says
     * that no identity matches.
     */
    HEADER_STANZA_FLIPPED("cannot_decrypt") {
      @Override
      byte[] apply(byte[] file) {
        return flip(file, headerLength(file) / 2);
      }
    },
    /** A byte flipped in the header's MAC itself. */
    HEADER_MAC_FLIPPED("invalid_archive") {
      @Override
      byte[] apply(byte[] file) {
        return flip(file, headerLength(file) - 3);
      }
    },
    /** A byte flipped in a chunk in the middle of the payload. */
    MIDDLE_CHUNK_FLIPPED("invalid_archive") {
      @Override
      byte[] apply(byte[] file) {
        return flip(file, chunkStart(file, chunks(file) / 2) + 1000);
      }
    },
    /** A byte flipped in the last, short chunk. */
    LAST_CHUNK_FLIPPED("invalid_archive") {
      @Override
      byte[] apply(byte[] file) {
        return flip(file, file.length - 20);
      }
    },
    /** The file cut in the middle of a chunk. */
    CUT_INSIDE_A_CHUNK("invalid_archive") {
      @Override
      byte[] apply(byte[] file) {
        return Arrays.copyOf(file, chunkStart(file, 2) + CHUNK / 2);
      }
    },
    /** The file cut exactly after a full chunk, which then looks complete but is not final. */
    CUT_AT_A_CHUNK_BOUNDARY("invalid_archive") {
      @Override
      byte[] apply(byte[] file) {
        return Arrays.copyOf(file, chunkStart(file, chunks(file) - 1));
      }
    },
    /** Only the header and the first chunk: what a listing reads, and no more. */
    CUT_AFTER_THE_FIRST_CHUNK("invalid_archive") {
      @Override
      byte[] apply(byte[] file) {
        return Arrays.copyOf(file, chunkStart(file, 1));
      }
    },
    /** Bytes after the final chunk. */
    BYTES_APPENDED("invalid_archive") {
      @Override
      byte[] apply(byte[] file) {
        byte[] longer = Arrays.copyOf(file, file.length + 100);
        longer[file.length] = 1;
        return longer;
      }
    };

    /** The JSON error code restore reports. */
    final String errorCode;

    Damage(String errorCode) {
      this.errorCode = errorCode;
    }

    abstract byte[] apply(byte[] file);
  }

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private AgeTool age;
  private TestHome home;
  private Path key;
  private byte[] intact;

  @BeforeEach
  void setUp() throws Exception {
    AgeTool.assumeInstalled();
    age = new AgeTool(children);
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 30, 3);
    LibraryFixture.execute(
        home.library(),
        "CREATE TABLE test_bulk (b BLOB)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)"
            + " INSERT INTO test_bulk SELECT randomblob(100000) FROM n");
    key = tmp.resolve("key.txt");
    String recipient = age.keygen(key);
    Path archive = Path.of(home.backup("--recipient", recipient).get("path").asText());
    intact = Files.readAllBytes(archive);
    Files.delete(archive);
    assertThat(chunks(intact)).as("chunks").isGreaterThanOrEqualTo(6);
    assertThat((intact.length - chunkStart(intact, 0)) % CHUNK)
        .as("the last chunk is short")
        .isNotZero();
    // The library is changed after the backup, so a restore would show.
    LibraryFixture.execute(home.library(), "DELETE FROM files WHERE id % 3 = 0");
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void restoreRefusesItWithTheLibraryUntouchedAndNoTempFiles(Damage damage) throws Exception {
    Path archive =
        Files.write(
            home.backups().resolve("vpo-library-2026-01-02T03-04-05Z.tar.gz.age"),
            damage.apply(intact));
    SortedMap<String, String> before = DiskState.of(home.home(), home.dataDir().resolve("logs"));

    TestHome.Result text =
        home.run("library", "restore", archive.toString(), "--yes", "--identity", key.toString());
    TestHome.Result json =
        home.run(
            "library",
            "restore",
            archive.toString(),
            "--yes",
            "--json",
            "--identity",
            key.toString());
    TestHome.Result stdin =
        home.stdin(Files.readAllBytes(archive))
            .run("library", "restore", "-", "--yes", "--identity", key.toString());

    CliAssertions.assertTextError(text, 3, "cannot decrypt " + archive);
    JsonNode doc = CliAssertions.assertJsonError(json, 3, damage.errorCode);
    assertThat(doc.get("error").asText()).startsWith("cannot decrypt " + archive + ": ");
    CliAssertions.assertTextError(stdin, 3, "cannot decrypt");
    assertThat(DiskState.of(home.home(), home.dataDir().resolve("logs"))).isEqualTo(before);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(DiskState.tempFilesOfThisProcessInSystemTemp()).isEmpty();

    // --verify reads it whole and calls it corrupt.
    TestHome.Result verify =
        home.run("library", "backups", "--verify", "--json", "--identity", key.toString());
    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
    JsonNode entry = CliAssertions.json(verify).get("backups").get(0);
    assertThat(entry.get("valid").asBoolean()).isFalse();
    assertThat(entry.get("problem").asText()).startsWith("cannot decrypt");
    assertThat(DiskState.tempFiles(home.home())).isEmpty();

    // The reference: the age tool refuses the same file.
    ChildProcesses.Output reference = age.tryDecrypt(key, archive, tmp.resolve("out"));
    assertThat(reference.exitCode()).as(reference.toString()).isNotZero();
  }

  private static byte[] flip(byte[] file, int at) {
    byte[] copy = file.clone();
    copy[at] ^= 0x01;
    return copy;
  }

  /** Bytes up to and including the header's MAC line. */
  private static int headerLength(byte[] file) {
    for (int i = 0; i + 4 < file.length; i++) {
      if (file[i] == '\n' && file[i + 1] == '-' && file[i + 2] == '-' && file[i + 3] == '-') {
        for (int j = i + 4; j < file.length; j++) {
          if (file[j] == '\n') {
            return j + 1;
          }
        }
      }
    }
    throw new AssertionError("no age header MAC line");
  }

  private static int chunkStart(byte[] file, int index) {
    return headerLength(file) + NONCE + index * CHUNK;
  }

  private static int chunks(byte[] file) {
    return (file.length - chunkStart(file, 0) + CHUNK - 1) / CHUNK;
  }
}
