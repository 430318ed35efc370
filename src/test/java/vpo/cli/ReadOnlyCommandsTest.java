package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;

/** Commands that only read leave a library in rollback-journal mode byte for byte as it was. */
class ReadOnlyCommandsTest {
  @TempDir Path tmp;

  @Test
  void readingCommandsDoNotSwitchARollbackModeLibraryToWal() throws Exception {
    TestHome home = new TestHome(tmp);
    Path db = tmp.resolve("lib.db");
    LibraryFixture.createV27(db);
    LibraryFixture.populate(db, 20, 7);
    LibraryFixture.execute(db, "PRAGMA journal_mode=DELETE");
    byte[] before = Files.readAllBytes(db);

    for (String[] args :
        new String[][] {
          {"library", "info", "--json"},
          {"library", "verify"},
          {"library", "optimize", "--dry-run"},
          {"library", "backup", "--dry-run"},
          {"library", "backup", "-o", tmp.resolve("out.tar.gz").toString()}
        }) {
      String[] full = new String[args.length + 2];
      full[0] = "--db";
      full[1] = db.toString();
      System.arraycopy(args, 0, full, 2, args.length);
      TestHome.Result r = home.run(full);
      assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
      assertThat(Files.readAllBytes(db)).as(String.join(" ", args)).isEqualTo(before);
      assertThat(db.resolveSibling("lib.db-wal")).as(String.join(" ", args)).doesNotExist();
    }
  }

  @Test
  void infoOnANewerWalLibraryLeavesNoSideFiles() throws Exception {
    TestHome home = new TestHome(tmp);
    Path db = tmp.resolve("newer.db");
    LibraryFixture.createV27(db);
    LibraryFixture.setSchemaVersion(db, "28");
    assertThat(db.resolveSibling("newer.db-wal")).doesNotExist();
    byte[] before = Files.readAllBytes(db);

    TestHome.Result r = home.run("--db", db.toString(), "library", "info", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"schema_version\" : 28");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(db.resolveSibling("newer.db-wal")).doesNotExist();
    assertThat(db.resolveSibling("newer.db-shm")).doesNotExist();
  }
}
