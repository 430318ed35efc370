package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.Python;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;
import vpo.testing.UncleanLibrary;

/**
 * Archives written the way the Python VPO writes them restore (ARCHIVE-FORMAT.md: "every archive
 * the Python VPO writes must be accepted"): made by Python's own {@code tarfile} and {@code gzip}
 * (PAX tar, a gzip header with a file name), {@code library.db} first, metadata as the Python VPO
 * writes it (its seven fields, {@code indent=2}, no checksum), under the compact file name.
 */
class PythonArchiveTest {
  /**
   * The Python VPO's backup: size of the live file taken first, then a snapshot through SQLite's
   * backup API, archived with {@code tarfile.open(path, "w:gz")}, database first.
   */
  private static final String PYTHON_BACKUP =
      """
      import datetime, io, json, os, sqlite3, sys, tarfile, tempfile
      live, out = sys.argv[1], sys.argv[2]
      size = os.path.getsize(live)
      src = sqlite3.connect(live)
      files, total = src.execute(
          "SELECT count(*), coalesce(sum(size_bytes), 0) FROM files").fetchone()
      tmpdir = tempfile.mkdtemp()
      snap = os.path.join(tmpdir, "library.db")
      dst = sqlite3.connect(snap)
      src.backup(dst)
      dst.close()
      src.close()
      meta = {
          "vpo_version": "0.9.3",
          "schema_version": 27,
          "created_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
          "database_size_bytes": size,
          "file_count": files,
          "total_library_size_bytes": total,
          "compression": "gzip",
      }
      data = json.dumps(meta, indent=2).encode("utf-8")
      with tarfile.open(out, "w:gz") as tar:
          tar.add(snap, arcname="library.db")
          info = tarfile.TarInfo("backup_metadata.json")
          info.size = len(data)
          info.mtime = datetime.datetime.now().timestamp()
          tar.addfile(info, io.BytesIO(data))
      os.remove(snap)
      os.rmdir(tmpdir)
      """;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;

  @BeforeEach
  void existingLibrary() {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 2, 1);
  }

  @Test
  void archiveOfACleanLibraryRestores() throws Exception {
    Files.createDirectories(tmp.resolve("python"));
    Path live = LibraryFixture.createV27(tmp.resolve("python").resolve("library.db"));
    LibraryFixture.populate(live, 5, 8);
    LibraryContent content = LibraryContent.read(live);
    Path archive = pythonBackup(live);

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(LibraryContent.read(home.library())).isEqualTo(content);
  }

  @Test
  void archiveOfALibraryWithAPendingWalRestoresWithASizeWarning() throws Exception {
    Path live = tmp.resolve("python").resolve("library.db");
    Files.createDirectories(live.getParent());
    LibraryContent content = UncleanLibrary.create(live, 5, 9);
    Path archive = pythonBackup(live);
    ArchiveSeenByCommonsCompress contents = ArchiveSeenByCommonsCompress.read(archive);
    assertThat(contents.metadata().get("database_size_bytes").asLong())
        .as("the Python VPO recorded the live file's size, not the snapshot's")
        .isNotEqualTo(contents.databaseSize());

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Warning:");
    assertThat(LibraryContent.read(home.library())).isEqualTo(content);
  }

  @Test
  void dryRunReadsItsMetadata() throws Exception {
    Files.createDirectories(tmp.resolve("python"));
    Path live = LibraryFixture.createV27(tmp.resolve("python").resolve("library.db"));
    LibraryFixture.populate(live, 5, 8);
    Path archive = pythonBackup(live);

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--dry-run", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"vpo_version\" : \"0.9.3\"").contains("\"file_count\" : 5");
  }

  /** Runs the Python VPO's way of backing up on {@code live}; returns the archive, compact name. */
  private Path pythonBackup(Path live) {
    Path archive = home.backups().resolve("vpo-library-2026-02-05T143022Z.tar.gz");
    ChildProcesses.Output made =
        children.run(60, Python.command(PYTHON_BACKUP, live.toString(), archive.toString()));
    assertThat(made.exitCode()).as(made.toString()).isZero();
    ArchiveSeenByCommonsCompress contents = ArchiveSeenByCommonsCompress.read(archive);
    assertThat(contents.names()).containsExactly("library.db", "backup_metadata.json");
    assertThat(contents.metadata().has("database_sha256")).isFalse();
    return archive;
  }
}
