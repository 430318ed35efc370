package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Damage;
import vpo.testing.OtherFileSystem;
import vpo.testing.Python;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * The copy of the replaced library a restore keeps to be undone: on the library's file system the
 * replaced file itself under a {@code -pre-restore.db} name (no bytes copied), elsewhere a flushed
 * copy. Listed, verified, compared and restored like an archive; a name left by a restore killed
 * before the swap is the library itself and is removed by the next command once nobody has the
 * library open. A plain database file is accepted as a restore source under the same validation,
 * and refused while its {@code -wal} holds commits it has not taken in.
 */
class SafetyCopyTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Path archive;
  private String oldContent;

  @BeforeEach
  void libraryAndArchive() {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 40, 7);
    oldContent = LibraryContent.dump(home.library());
    Path other = LibraryFixture.createV27(tmp.resolve("other.db"));
    LibraryFixture.populate(other, 5, 8);
    archive =
        ArchiveBuilder.of(LibraryFixture.selfContained(other)).writeTo(tmp.resolve("a.tar.gz"));
  }

  @Test
  void onTheLibrarysDiskTheCopyIsTheReplacedFileItself() throws Exception {
    Object inode = Files.getAttribute(home.library(), "unix:ino");
    Files.setPosixFilePermissions(home.library(), PosixFilePermissions.fromString("rw-r--r--"));

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path copy = onlySafetyCopy();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .as("private, as every backup")
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.library())))
        .as("the restored library keeps the mode the user gave the library")
        .isEqualTo("rw-r--r--");
    assertThat(Files.getAttribute(copy, "unix:ino"))
        .as("the old file, not a copy")
        .isEqualTo(inode);
    assertThat(Files.getAttribute(home.library(), "unix:ino")).isNotEqualTo(inode);
    assertThat(LibraryContent.dump(copy)).isEqualTo(oldContent);
    assertThat(r.out()).contains("undo with: vpo library restore " + copy);
    assertThat(DiskState.names(home.backups()))
        .as("no journal, -wal or temp file beside it")
        .containsExactly(copy.getFileName().toString());
  }

  @Test
  void theCopyIsListedVerifiedComparedAndUndoesTheRestore() throws Exception {
    assertThat(home.run("library", "restore", archive.toString(), "--yes").exitCode()).isZero();
    Path copy = onlySafetyCopy();

    JsonNode listed = json(home.run("library", "backups", "--json")).get("backups");
    assertThat(listed).hasSize(1);
    JsonNode entry = listed.get(0);
    assertThat(entry.get("path").asText()).isEqualTo(copy.toString());
    assertThat(entry.get("kind").asText()).isEqualTo("pre-restore");
    assertThat(entry.get("file_count").asLong()).isEqualTo(40);
    assertThat(entry.get("schema_version").asInt()).isEqualTo(27);
    assertThat(entry.get("readable").asBoolean()).isTrue();
    assertThat(entry.get("archive_size_bytes").asLong()).isEqualTo(Files.size(copy));

    TestHome.Result verified = home.run("library", "backups", "--verify", "--json");
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(json(verified).get("backups").get(0).get("valid").asBoolean()).isTrue();

    TestHome.Result diff = home.run("library", "backups", "diff", copy.toString(), "--json");
    assertThat(diff.exitCode()).as(diff.toString()).isZero();
    JsonNode files = json(diff).get("tables").get("files");
    assertThat(files.get("added").asLong() + files.get("changed").asLong())
        .as("the 40 files of the old library: 5 share an id with the restored ones")
        .isEqualTo(40);
    assertThat(files.get("removed").asLong()).isZero();

    TestHome.Result preview = home.run("library", "restore", copy.toString(), "--dry-run");
    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertThat(preview.out()).contains("(a copy of the library)");
    TestHome.Result undo = home.run("library", "restore", copy.toString(), "--yes");
    assertThat(undo.exitCode()).as(undo.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(oldContent);
    assertThat(LibraryContent.dump(copy))
        .as("restoring from a copy leaves it as it was")
        .isEqualTo(oldContent);
  }

  @Test
  void pruneKeepsSafetyCopiesUnlessToldToIncludeThem() throws Exception {
    assertThat(home.run("library", "restore", archive.toString(), "--yes").exitCode()).isZero();
    assertThat(home.run("library", "restore", archive.toString(), "--yes").exitCode()).isZero();
    List<Path> copies = safetyCopies();
    assertThat(copies).hasSize(2);

    TestHome.Result kept = home.run("library", "backups", "prune", "--keep-last", "1", "--yes");
    assertThat(kept.exitCode()).as(kept.toString()).isZero();
    assertThat(safetyCopies()).isEqualTo(copies);

    TestHome.Result pruned =
        home.run("library", "backups", "prune", "--keep-last", "1", "--include-safety", "--yes");
    assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
    assertThat(safetyCopies()).hasSize(1);
    LibraryFixture.assertHealthy(home.library());
  }

  @Test
  void onAnotherDiskTheLibraryIsCopiedAndFlushed() throws Exception {
    try (OtherFileSystem elsewhere = OtherFileSystem.besides(tmp)) {
      Path backups = elsewhere.dir().resolve("backups");
      Files.move(home.backups(), backups);
      Files.createSymbolicLink(home.backups(), backups);
      Object inode = Files.getAttribute(home.library(), "unix:ino");

      TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      Path copy = onlySafetyCopy();
      assertThat(Files.getAttribute(copy.toRealPath(), "unix:ino")).isNotEqualTo(inode);
      assertThat(LibraryContent.dump(copy)).isEqualTo(oldContent);
      assertThat(DiskState.names(backups))
          .as("no temp file left")
          .containsExactly(copy.getFileName().toString());
      assertThat(home.run("library", "restore", copy.toString(), "--yes").exitCode()).isZero();
      assertThat(LibraryContent.dump(home.library())).isEqualTo(oldContent);
    }
  }

  @Test
  void aNameLeftByAKilledRestoreIsRemovedOnceNobodyHasTheLibraryOpen() throws Exception {
    Files.createDirectories(home.backups());
    Path alias = home.backups().resolve("vpo-library-2026-11-30T101500Z-pre-restore.db");
    Files.createLink(alias, home.library());
    Process reader = holdOpen();

    TestHome.Result busy = home.run("library", "backups");
    assertThat(busy.exitCode()).as(busy.toString()).isZero();
    assertThat(alias).as("left while another program has the library open").exists();
    assertThat(busy.out())
        .as("never listed: it is the library")
        .doesNotContain(alias.getFileName().toString());

    reader.getOutputStream().write('\n');
    reader.getOutputStream().flush();
    assertThat(reader.waitFor(10, TimeUnit.SECONDS)).isTrue();
    TestHome.Result info = home.run("library", "info");

    assertThat(info.exitCode()).as(info.toString()).isZero();
    assertThat(alias).doesNotExist();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(oldContent);
  }

  @Test
  void aCopyOpenedAsTheLibraryIsNotALeftover() throws Exception {
    assertThat(home.run("library", "restore", archive.toString(), "--yes").exitCode()).isZero();
    Path copy = onlySafetyCopy();

    TestHome.Result info = home.run("--db", copy.toString(), "library", "info");

    assertThat(info.exitCode()).as(info.toString()).isZero();
    assertThat(copy).as("--db naming the copy is not a leftover of a restore").exists();
    assertThat(LibraryContent.dump(copy)).isEqualTo(oldContent);
  }

  @Test
  void aLibraryReachedThroughASymbolicLinkIsKeptAsTheFileItself() throws Exception {
    Path real = tmp.resolve("disk").resolve("library.db");
    Files.createDirectories(real.getParent());
    Files.move(home.library(), real);
    Files.createSymbolicLink(home.library(), real);

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path copy = onlySafetyCopy();
    assertThat(copy).as("a database, not a link to one").isRegularFile().isNotEmptyFile();
    assertThat(Files.isSymbolicLink(copy)).isFalse();
    assertThat(LibraryContent.dump(copy)).isEqualTo(oldContent);
    assertThat(home.run("library", "backups").out()).contains(copy.getFileName().toString());
    assertThat(Files.isSymbolicLink(home.library()))
        .as("the link stays; the file it names is replaced")
        .isTrue();
    assertThat(LibraryContent.dump(real)).isEqualTo(LibraryContent.dump(archiveDatabase()));
  }

  @Test
  void aLibraryFileWithAnUnfinishedTransactionIsRefused() throws Exception {
    Path file = LibraryFixture.createV27(tmp.resolve("torn").resolve("library.db"));
    LibraryFixture.populate(file, 6, 9);
    LibraryFixture.selfContained(file);
    // A writer in rollback mode that dies mid-transaction, its journal spilled to disk.
    Process p =
        children.start(
            new ProcessBuilder(
                    Python.command(
                        """
                        import os, sqlite3, sys
                        c = sqlite3.connect(sys.argv[1], isolation_level=None)
                        c.execute("PRAGMA journal_mode=DELETE")
                        c.execute("PRAGMA cache_size=1")
                        c.execute("BEGIN")
                        c.execute("UPDATE files SET scan_error = hex(randomblob(2000))")
                        os._exit(0)
                        """,
                        file.toString()))
                .redirectErrorStream(true));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(file.resolveSibling("library.db-journal")).isNotEmptyFile();

    TestHome.Result r = home.run("library", "restore", file.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("unfinished transaction").contains("library.db-journal");
    assertThat(LibraryContent.dump(home.library())).isEqualTo(oldContent);
    restoresAsTheHintSays(r, file);
  }

  @Test
  void aLibraryFileIsRestoredLikeAnArchive() throws Exception {
    Path file = LibraryFixture.createV27(tmp.resolve("elsewhere").resolve("library.db"));
    LibraryFixture.populate(file, 6, 9);
    String wanted = LibraryContent.dump(file);

    TestHome.Result dry = home.run("library", "restore", file.toString(), "--dry-run", "--json");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(oldContent);

    TestHome.Result r = home.run("library", "restore", file.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(wanted);
    assertThat(LibraryContent.dump(file)).as("the source is only read").isEqualTo(wanted);
    assertThat(DiskState.names(file.getParent())).containsExactly("library.db");
  }

  @Test
  void aLibraryFileWithCommitsStillInItsWalIsRefused() throws Exception {
    Path file = LibraryFixture.createV27(tmp.resolve("live").resolve("library.db"));
    LibraryFixture.populate(file, 6, 9);
    // A writer that dies without checkpointing: its last commit lives only in the -wal.
    Process p =
        children.start(
            new ProcessBuilder(
                    Python.command(
                        """
                        import os, sqlite3, sys
                        c = sqlite3.connect(sys.argv[1], isolation_level=None)
                        c.execute("PRAGMA journal_mode=WAL")
                        c.execute("PRAGMA wal_autocheckpoint=0")
                        c.execute("DELETE FROM files")
                        os._exit(0)
                        """,
                        file.toString()))
                .redirectErrorStream(true));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.size(file.resolveSibling("library.db-wal"))).isPositive();
    SortedMap<String, String> before = DiskState.of(tmp, home.dataDir().resolve("logs"));

    TestHome.Result r = home.run("library", "restore", file.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines()).singleElement().asString().startsWith("Error: ");
    assertThat(r.err()).contains("library.db-wal").contains("vpo --db " + file + " library backup");
    assertThat(DiskState.of(tmp, home.dataDir().resolve("logs"))).isEqualTo(before);
    restoresAsTheHintSays(r, file);
  }

  @Test
  void aDamagedCopyIsRefusedLikeADamagedArchive() throws Exception {
    Path file = LibraryFixture.createV27(tmp.resolve("damaged.db"));
    LibraryFixture.populate(file, 6, 9);
    LibraryFixture.addFiller(file, 400, 1000);
    LibraryFixture.damage(file, Damage.GARBAGE_OVER_PAGE_HEADER);
    Files.createDirectories(home.backups());
    Path copy =
        Files.copy(file, home.backups().resolve("vpo-library-2026-11-30T101500Z-pre-restore.db"));

    TestHome.Result r = home.run("library", "restore", copy.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err().lines()).singleElement().asString().startsWith("Error: ");
    assertThat(LibraryContent.dump(home.library())).isEqualTo(oldContent);
    TestHome.Result verified = home.run("library", "backups", "--all", "--verify", "--json");
    assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
    assertThat(json(verified).get("backups").get(0).get("valid").asBoolean()).isFalse();
  }

  /** The database the test archive holds. */
  private Path archiveDatabase() {
    return tmp.resolve("other.db");
  }

  /**
   * Runs the hint of a refused database source as printed (back it up with vpo, then restore that
   * archive): the library ends up holding what was committed to {@code file}.
   */
  private void restoresAsTheHintSays(TestHome.Result refused, Path file) throws Exception {
    String hint =
        refused.err().replaceAll("(?s).*back it up with '([^']*)'.*", "$1").replace("\n", "");
    assertThat(hint).isEqualTo("vpo --db " + file + " library backup");
    List<String> args = new ArrayList<>(List.of(hint.substring("vpo ".length()).split(" ")));
    args.add("--json");
    TestHome.Result backup = home.run(args.toArray(String[]::new));
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    String archive = json(backup).get("path").asText();
    String committed = LibraryContent.dump(file);

    TestHome.Result restored = home.run("library", "restore", archive, "--yes");

    assertThat(restored.exitCode()).as(restored.toString()).isZero();
    assertThat(LibraryContent.dump(home.library())).isEqualTo(committed);
  }

  private Path onlySafetyCopy() {
    List<Path> copies = safetyCopies();
    assertThat(copies).hasSize(1);
    return copies.get(0);
  }

  private List<Path> safetyCopies() {
    return DiskState.archivesIn(home.backups()).stream()
        .filter(p -> p.getFileName().toString().matches(".*-pre-restore(-\\d+)?\\.db"))
        .sorted()
        .toList();
  }

  /** Starts python3 holding the library open, idle; returns once it has read from it. */
  private Process holdOpen() throws Exception {
    Process p =
        children.start(
            new ProcessBuilder(
                    Python.command(
                        """
                        import sqlite3, sys
                        c = sqlite3.connect(sys.argv[1])
                        c.execute("SELECT count(*) FROM files").fetchall()
                        print("ready", flush=True)
                        sys.stdin.readline()
                        c.close()
                        """,
                        home.library().toString()))
                .redirectError(tmp.resolve("python.err").toFile()));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as(Files.readString(tmp.resolve("python.err"))).isEqualTo("ready");
    return p;
  }

  private static JsonNode json(TestHome.Result r) throws Exception {
    return new ObjectMapper().readTree(r.out());
  }
}
