package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.Python;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * A library that fails {@code PRAGMA quick_check} is refused, and archived only with {@code
 * --force}, which records the damage (PRODUCT.md backup 6).
 */
class BackupDamagedLibraryTest {
  private static final String QUICK_CHECK =
      """
      import json, sqlite3, sys
      c = sqlite3.connect(sys.argv[1])
      try:
          rows = [r[0] for r in c.execute("PRAGMA quick_check")]
      except sqlite3.DatabaseError as e:
          rows = ["error: %s" % e]
      print(json.dumps(rows))
      c.close()
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private String damagedSha256;

  @BeforeEach
  void damagedLibrary() throws Exception {
    home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 400, 9);
    Path library = home.library();
    LibraryFixture.execute(library, "PRAGMA wal_checkpoint(TRUNCATE)");
    damageTableLeaves(library, 3);
    ChildProcesses.Output check = children.run(60, Python.command(QUICK_CHECK, library.toString()));
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.out().strip()).as("python3 sees the damage").isNotEqualTo("[\"ok\"]");
    damagedSha256 = Sha256.of(library);
  }

  @Test
  void damagedLibraryIsRefusedAndNothingIsWritten() throws Exception {
    TestHome.Result r = home.run("library", "backup");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .hasLineCount(1)
        .startsWith("Error: library is damaged: ")
        .contains("vpo library verify");
    assertThat(r.out()).isEmpty();
    // The first problem, not SQLite's whole report of up to a hundred.
    assertThat(r.err()).contains(firstProblem()).hasSizeLessThan(400);
    assertNothingLeft();

    TestHome.Result json = home.run("library", "backup", "--json");

    assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
    JsonNode error = JSON.readTree(json.out());
    assertThat(error.get("success").asBoolean()).isFalse();
    assertThat(error.get("error_code").asText()).isEqualTo("library_damaged");
    assertThat(error.get("error").asText()).startsWith("library is damaged: ");
    assertNothingLeft();
    assertThat(Sha256.of(home.library())).isEqualTo(damagedSha256);
  }

  @Test
  void forceArchivesItAndRecordsTheFirstProblem() throws Exception {
    String firstProblem = firstProblem();

    TestHome.Result r = home.run("library", "backup", "--force", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.get("quick_check").asText()).isEqualTo(firstProblem);
    Path archive = Path.of(result.get("path").asText());
    Path extracted = tmp.resolve("extracted.db");
    ArchiveSeenByCommonsCompress contents = ArchiveSeenByCommonsCompress.read(archive, extracted);
    assertThat(contents.problem()).isNull();
    assertThat(contents.metadata().get("quick_check").isTextual()).isTrue();
    assertThat(contents.metadata().get("quick_check").asText()).isEqualTo(firstProblem);
    ChildProcesses.Output check =
        children.run(60, Python.command(QUICK_CHECK, extracted.toString()));
    assertThat(check.out().strip())
        .as("the archive holds the damaged library")
        .isNotEqualTo("[\"ok\"]");
    assertThat(DiskState.tempFiles(tmp)).isEmpty();

    TestHome.Result text = home.run("library", "backup", "--force", "-o", "text.tar.gz");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("Warning:").contains("damaged").contains(firstProblem);
    assertThat(
            ArchiveSeenByCommonsCompress.read(home.home().resolve("text.tar.gz"))
                .metadata()
                .get("quick_check")
                .asText())
        .isEqualTo(firstProblem);
  }

  /** What SQLite itself reports first, without its "*** in database main ***" heading. */
  private String firstProblem() throws Exception {
    try (Connection c = LibraryFixture.connect(home.library(), Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
      assertThat(rs.next()).isTrue();
      String first =
          rs.getString(1)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("*** in database"))
              .findFirst()
              .orElseThrow();
      assertThat(first).isNotEqualTo("ok");
      return first;
    }
  }

  private void assertNothingLeft() {
    assertThat(DiskState.archives(tmp)).isEmpty();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
    if (Files.isDirectory(home.backups())) {
      assertThat(DiskState.paths(home.backups())).isEmpty();
    }
  }

  /**
   * Writes garbage over the cell pointer arrays of {@code count} table b-tree leaf pages (page type
   * 0x0D) in the second half of the file: rows of the big tables become unreachable, which {@code
   * quick_check} reports, while page 1, the schema and {@code _meta}, which vpo reads to open the
   * library, stay intact.
   */
  private static void damageTableLeaves(Path library, int count) throws Exception {
    Random random = new Random(1234);
    try (RandomAccessFile f = new RandomAccessFile(library.toFile(), "rw")) {
      f.seek(16);
      int pageSize = f.readUnsignedShort();
      pageSize = pageSize == 1 ? 65_536 : pageSize;
      long pages = f.length() / pageSize;
      int damaged = 0;
      for (long page = pages / 2; page < pages && damaged < count; page++) {
        f.seek(page * pageSize);
        if (f.read() != 0x0D) {
          continue;
        }
        byte[] garbage = new byte[40];
        random.nextBytes(garbage);
        f.seek(page * pageSize + 8);
        f.write(garbage);
        damaged++;
      }
      assertThat(damaged).as("table leaf pages damaged").isEqualTo(count);
    }
  }
}
