package vpo.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;
import vpo.testing.UncleanLibrary;

/**
 * A child vpo killed with SIGKILL at seeded random instants while it restores a ~20 MB archive over
 * a different library whose last transactions are still in its {@code -wal} (PRODUCT.md restore 6).
 * After every kill the library passes {@code integrity_check} and holds exactly the old content or
 * exactly the new, never a mix (which is what applying the old {@code -wal} to the new file would
 * give); and the next vpo command removes the temp files the dead process left.
 *
 * <p>The delays span one uninterrupted run, measured first, plus a margin, half of them in its last
 * third; both contents are read once.
 */
class KillDuringRestoreTest {
  private static final int KILLS = 20;
  private static final long SEED = 4242L;

  @TempDir static Path shared;
  static Path archive;
  static Path oldLibrary;
  static LibraryContent oldContent;
  static LibraryContent newContent;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private int runsThatLeftTempFiles;

  @BeforeAll
  static void libraries() throws Exception {
    TestHome source = TestHome.withLibrary(shared.resolve("source"), Start.INITIALISED, 300, 1);
    addIncompressibleMetadata(source.library(), 64 * 1024, 2);
    newContent = LibraryContent.read(source.library());
    archive = shared.resolve("new.tar.gz");
    TestHome.Result r = source.run("library", "backup", "-o", archive.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.size(archive)).isGreaterThan(15L << 20);

    Files.createDirectories(shared.resolve("old"));
    oldLibrary = shared.resolve("old").resolve("library.db");
    oldContent =
        UncleanLibrary.create(
            oldLibrary, 200, 3, db -> addIncompressibleMetadata(db, 16 * 1024, 4));
    assertThat(oldContent).isNotEqualTo(newContent);
  }

  @Test
  void killedAtAnyInstantLeavesTheOldOrTheNewLibrary() throws Exception {
    TestHome home = new TestHome(tmp);
    assertThat(home.run("init").exitCode()).isZero();

    reset(home);
    long started = System.nanoTime();
    Process whole = start(home);
    assertThat(whole.waitFor(120, TimeUnit.SECONDS)).isTrue();
    long runNanos = System.nanoTime() - started;
    assertThat(whole.exitValue()).as(Files.readString(tmp.resolve("child.err"))).isZero();
    assertThat(checkAfter(home)).isEqualTo("new");

    Random random = new Random(SEED);
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < KILLS; i++) {
      reset(home);
      // Half the kills anywhere in the run, half around its end, where the safety copy and the
      // swap happen (validation takes most of the run). Generous margins: a loaded machine makes
      // later runs slower than the measured one.
      double at = i % 2 == 0 ? random.nextDouble() * 1.5 : 0.7 + random.nextDouble() * 0.6;
      long delay = (long) (at * runNanos);
      Process child = start(home);
      TimeUnit.NANOSECONDS.sleep(delay);
      ChildProcesses.kill(child); // SIGKILL: no shutdown hook runs
      assertThat(child.isAlive()).isFalse();
      outcomes.merge(checkAfter(home), 1, Integer::sum);
    }
    // Which instants the kills hit depends on the machine; the distribution is for the log only.
    System.err.println("kill outcomes over " + runNanos / 1_000_000 + " ms runs: " + outcomes);
  }

  /**
   * Kills at the moments that matter, found by watching the directories rather than by timing:
   * while the archive is extracted beside the library (which leaves temp files of the dead process,
   * for the next command to remove), and as soon as the safety copy appears (the old WAL already
   * folded, the guard held; the rename over the library follows at once). A kill between the two
   * leaves the library itself under the safety copy's name, which the next command removes.
   */
  @Test
  void killedAtTheMomentsThatMatterLeavesTheOldOrTheNewLibrary() throws Exception {
    TestHome home = new TestHome(tmp);
    assertThat(home.run("init").exitCode()).isZero();
    List<Moment> moments =
        List.of(
            new Moment("extracting", home.dataDir(), n -> n.endsWith("-restore.db")),
            new Moment("safety copy kept", home.backups(), n -> n.endsWith("-pre-restore.db")));
    TreeMap<String, String> outcomes = new TreeMap<>();
    for (Moment moment : moments) {
      for (int run = 0; run < 3; run++) {
        reset(home);
        Process child = start(home);
        boolean seen = false;
        while (!seen && child.isAlive()) {
          seen = DiskState.names(moment.dir()).stream().anyMatch(moment.name());
        }
        ChildProcesses.kill(child);
        assertThat(child.isAlive()).isFalse();
        outcomes.merge(
            moment.label(), (seen ? "" : "missed:") + checkAfter(home), (a, b) -> a + "," + b);
      }
    }
    System.err.println("kills at chosen moments: " + outcomes);
    assertThat(runsThatLeftTempFiles).as("kills that left temp files to clean up").isPositive();
  }

  /** A moment in a restore: a name matching {@code name} appears in {@code dir}. */
  private record Moment(String label, Path dir, java.util.function.Predicate<String> name) {}

  private Process start(TestHome home) throws IOException {
    return children.start(
        home.processBuilder("library", "restore", archive.toString(), "--yes")
            .redirectOutput(tmp.resolve("child.out").toFile())
            .redirectError(tmp.resolve("child.err").toFile()));
  }

  /** The old library in place, nothing else in the library and backup directories. */
  private static void reset(TestHome home) throws IOException {
    for (Path dir : List.of(home.dataDir(), home.backups())) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.toList()) {
          if (Files.isRegularFile(p) && !p.getFileName().toString().equals("config.toml")) {
            Files.delete(p);
          }
        }
      }
    }
    UncleanLibrary.copy(oldLibrary, home.library());
  }

  /**
   * Checks the state a killed restore left and returns which library it is ("old" or "new"); then
   * runs the next vpo command and checks it cleaned up.
   */
  private String checkAfter(TestHome home) throws Exception {
    String state = DiskState.names(home.dataDir()) + " " + DiskState.names(home.backups());
    assertThat(home.library()).as(state).isRegularFile();
    // Opened as VPO opens it, so a -wal beside it would be applied, stale or not.
    try (Connection c = LibraryFixture.connect(home.library());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).as(state).isEqualTo("ok");
    }
    LibraryContent content = LibraryContent.read(home.library());
    String which = content.equals(oldContent) ? "old" : content.equals(newContent) ? "new" : null;
    assertThat(which).as("the library is neither the old nor the new one; " + state).isNotNull();

    boolean leftovers =
        Stream.of(home.dataDir(), home.backups())
            .flatMap(dir -> DiskState.names(dir).stream())
            .anyMatch(n -> n.startsWith(".vpo-tmp-"));
    runsThatLeftTempFiles += leftovers ? 1 : 0;
    TestHome.Result next = home.run("library", "info");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    for (Path dir : List.of(home.dataDir(), home.backups())) {
      assertThat(DiskState.names(dir))
          .as("temp files left by the dead process, after the next command; before it: " + state)
          .noneMatch(n -> n.startsWith(".vpo-tmp-"));
    }
    // A safety copy the dead process kept is the old library, complete, and never the library
    // itself under a second name; none is ever half-written.
    for (String name : DiskState.names(home.backups())) {
      Path copy = home.backups().resolve(name);
      assertThat(Files.isSameFile(copy, home.library()))
          .as(name + " is the library itself, after the next command; before it: " + state)
          .isFalse();
      assertThat(LibraryContent.read(copy)).as(name).isEqualTo(oldContent);
      TestHome.Result check =
          home.run("library", "restore", home.backups().resolve(name).toString(), "--dry-run");
      assertThat(check.exitCode()).as(name + "\n" + check).isZero();
    }
    return which;
  }

  /**
   * Gives every file a {@code plugin_metadata} JSON document holding {@code bytes} random bytes in
   * base64, so the archive stays large after compression.
   */
  static void addIncompressibleMetadata(Path db, int bytes, long seed) {
    Random random = new Random(seed);
    try (Connection c = LibraryFixture.connect(db)) {
      List<Long> ids = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT id FROM files ORDER BY id")) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE files SET plugin_metadata = ? WHERE id = ?")) {
        for (long id : ids) {
          byte[] blob = new byte[bytes];
          random.nextBytes(blob);
          ps.setString(
              1, "{\"fingerprint\": \"" + Base64.getEncoder().encodeToString(blob) + "\"}");
          ps.setLong(2, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    LibraryFixture.selfContained(db);
  }
}
