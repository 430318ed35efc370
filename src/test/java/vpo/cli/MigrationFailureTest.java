package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;

/**
 * An older library whose migration cannot be done: exit 6 (schema) every time, the library left as
 * it was, and one pre-migration archive for its state however often it is tried; restoring that
 * archive is exit 6 too. A library that merely lacks an optional table migrates.
 */
class MigrationFailureTest {
  @TempDir Path tmp;

  /** A home whose library is a v25 library with rows, changed by {@code statements}. */
  private TestHome v25Home(String... statements) throws Exception {
    TestHome home = new TestHome(tmp);
    Files.createDirectories(home.dataDir());
    LibraryFixture.createV25(home.library());
    LibraryFixture.execute(
        home.library(), concat(new String[] {"PRAGMA foreign_keys = OFF"}, statements));
    return home;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static List<Path> preMigrationArchives(TestHome home) {
    return DiskState.archivesIn(home.backups()).stream()
        .filter(p -> p.getFileName().toString().contains("-pre-migration"))
        .toList();
  }

  private static long schemaVersion(Path db) {
    return LibraryFixture.queryLong(
        db,
        LibraryFixture.Access.READ_ONLY,
        "SELECT value FROM _meta WHERE key = 'schema_version'");
  }

  @Test
  void aLibraryWithoutProcessingStatsMigrates() throws Exception {
    TestHome home =
        v25Home(
            "DROP TABLE action_results",
            "DROP TABLE performance_metrics",
            "DROP TABLE processing_stats");

    TestHome.Result r = home.run("library", "info", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).get("schema_version").intValue()).isEqualTo(27);
    assertThat(schemaVersion(home.library())).isEqualTo(27);
    assertThat(preMigrationArchives(home)).hasSize(1);
    TestHome.Result verify = home.run("library", "verify");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void aMigrationThatCannotBeDoneIsExit6AndSavesOneArchivePerState() throws Exception {
    // No jobs table: the 25 -> 26 step rebuilds it, and cannot.
    TestHome home = v25Home("DROP TABLE jobs");

    TestHome.Result first = home.run("library", "info");
    LibraryContent afterFirst = LibraryContent.read(home.library());
    TestHome.Result second = home.run("library", "info");
    TestHome.Result third = home.run("library", "backup");

    for (TestHome.Result r : List.of(first, second, third)) {
      assertTextError(r, 6, "cannot migrate the library from schema version 25 to 27", "jobs");
    }
    assertThat(first.err()).contains("saved a copy first");
    assertThat(second.err()).contains("already saved as it is now");
    assertThat(preMigrationArchives(home)).as("one archive of one state").hasSize(1);
    assertThat(schemaVersion(home.library())).isEqualTo(25);
    assertThat(LibraryContent.read(home.library())).isEqualTo(afterFirst);

    // A changed library is another state: it gets its own archive.
    LibraryFixture.execute(home.library(), "INSERT INTO _meta (key, value) VALUES ('note', 'x')");
    TestHome.Result changed = home.run("library", "info");
    assertTextError(changed, 6, "cannot migrate");
    assertThat(preMigrationArchives(home)).hasSize(2);
  }

  @Test
  void restoringAnArchiveThatCannotBeMigratedIsExit6AndChangesNothing() throws Exception {
    TestHome old = v25Home("DROP TABLE jobs");
    old.run("library", "info");
    Path archive = preMigrationArchives(old).get(0);
    Path saved = Files.copy(archive, tmp.resolve("saved.tar.gz"));
    TestHome home = TestHome.withLibrary(tmp.resolve("other"), TestHome.Start.INITIALISED, 3, 1);
    var before = DiskState.of(home.dataDir(), home.dataDir().resolve("logs"));

    TestHome.Result r = home.run("library", "restore", saved.toString(), "--yes");

    assertTextError(r, 6, "cannot migrate the backup from schema version 25 to 27");
    assertThat(DiskState.of(home.dataDir(), home.dataDir().resolve("logs"))).isEqualTo(before);
  }
}
