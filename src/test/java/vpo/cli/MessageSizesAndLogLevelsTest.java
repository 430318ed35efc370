package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * What messages say about sizes and how failures are logged: sizes as people read them ({@code 52.4
 * MB}, with the exact count where two sizes may differ by a byte), never a bare byte count; a
 * failure at WARN in the log, a "no" from the user at INFO and not as an {@code Error:}.
 */
class MessageSizesAndLogLevelsTest {
  /** A number of four or more digits not grouped by thousands: a raw byte count. */
  private static final Pattern RAW_COUNT = Pattern.compile("(?<![\\d,.])\\d{4,}(?![\\d,.])");

  @TempDir Path tmp;

  private Path libraryOfSomeSize() {
    Path db = LibraryFixture.createV27(tmp.resolve("source.db"));
    LibraryFixture.populate(db, 50, 3);
    LibraryFixture.selfContained(db);
    return db;
  }

  /** {@code line} without the paths of this test's temp directory, which hold digits. */
  private String withoutPaths(String line) {
    return line.replace(tmp.toString(), "TMP");
  }

  @Test
  void aSizeThatDoesNotMatchTheMetadataIsShownHumanWithTheExactCount() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 0, 1);
    ArchiveBuilder builder = ArchiveBuilder.of(libraryOfSomeSize());
    long real = builder.database().length;
    builder.metadata().put("database_size_bytes", real + 1);
    Path archive = builder.writeTo(tmp.resolve("in").resolve("a.tar.gz"));

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertTextError(r, 3, "database size does not match the metadata");
    String line = withoutPaths(r.err());
    assertThat(line)
        .containsPattern("\\d+\\.\\d [KMG]B \\(" + String.format("%,d", real) + " bytes\\)");
    assertThat(RAW_COUNT.matcher(line).find()).as(line).isFalse();
  }

  @Test
  void aPythonArchiveWhoseSizeDiffersWarnsInHumanSizes() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 0, 1);
    ArchiveBuilder builder = ArchiveBuilder.of(libraryOfSomeSize());
    builder.metadata().remove("database_sha256");
    builder.metadata().put("database_size_bytes", builder.database().length + 8192);
    Path archive = builder.writeTo(tmp.resolve("in").resolve("a.tar.gz"));

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--dry-run");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String note =
        (r.out() + r.err())
            .lines()
            .filter(l -> l.contains("the metadata says the database is"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no size warning in " + r));
    assertThat(note).containsPattern("\\d+\\.\\d KB \\([\\d,]+ bytes\\)");
    assertThat(RAW_COUNT.matcher(withoutPaths(note)).find()).as(note).isFalse();
  }

  @Test
  void aFailureIsLoggedAtWarnAndAnAnsweredNoAtInfo() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 3, 1);
    Path archive = ArchiveBuilder.of(libraryOfSomeSize()).writeTo(tmp.resolve("a.tar.gz"));

    TestHome.Result failed =
        home.run("library", "info", "--db", tmp.resolve("absent.db").toString());
    TestHome.Result declined =
        home.terminal(true).stdin("n\n").run("library", "restore", archive.toString());

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(declined.exitCode()).isEqualTo(1);
    assertThat(declined.err()).doesNotContain("Error:");
    List<String> log = Files.readAllLines(home.logFile());
    assertThat(log)
        .filteredOn(l -> l.contains("command failed"))
        .singleElement()
        .asString()
        .containsPattern("Z WARN ");
    assertThat(log)
        .filteredOn(l -> l.contains("command declined"))
        .singleElement()
        .asString()
        .containsPattern("Z INFO ");
  }
}
