package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;

/**
 * Permission errors name the path that failed and are exit 1, never "invalid archive" (3) and never
 * blamed on the library when the destination is at fault. Root may write anywhere, so when the
 * tests run as root vpo runs as {@code nobody} (through {@code setpriv}, as {@code LauncherIT}
 * does), with a home and files that user owns, and directories it may only read.
 */
class PermissionDeniedTest {
  private static final int NOBODY = 65534;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Path readOnly;
  private Path good;
  private boolean asNobody;

  @BeforeEach
  void homeOfAnotherUserAndADirectoryItMayOnlyRead() throws Exception {
    asNobody = "root".equals(System.getProperty("user.name"));
    if (asNobody) {
      assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    home = new TestHome(tmp);
    good =
        ArchiveBuilder.ofNewLibrary(Files.createDirectories(tmp.resolve("scratch")), 6)
            .writeTo(home.home().resolve("good.tar.gz"));
    readOnly = Files.createDirectories(tmp.resolve("read-only"));
    // The user's own: the home and everything in it.
    giveToUser(home.home());
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
  }

  @Test
  void restoringIntoADirectoryTheUserCannotWriteIsExit1NamingIt() throws Exception {
    Path library = readOnly.resolve("library.db");

    ChildProcesses.Output r =
        vpo("--db", library.toString(), "library", "restore", good.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("Error:")))
        .as(r.toString())
        .singleElement()
        .asString()
        .contains("cannot write in " + readOnly + ": permission denied")
        .doesNotContain("damaged")
        .doesNotContain("not a vpo backup");
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(DiskState.paths(readOnly)).isEmpty();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }

  @Test
  void restoringOverALibraryInADirectoryTheUserCannotWriteIsExit1NamingIt() throws Exception {
    // The library is the user's, its directory is not: nothing can be put beside it.
    Path dir = Files.createDirectories(tmp.resolve("shared"));
    Path library = dir.resolve("library.db");
    LibraryFixture.createV27(library);
    LibraryFixture.populate(library, 3, 4);
    LibraryFixture.selfContained(library);
    giveToUser(library);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    var before = DiskState.of(dir);

    ChildProcesses.Output r =
        vpo("--db", library.toString(), "library", "restore", good.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("Error:")))
        .as(r.toString())
        .singleElement()
        .asString()
        .contains(dir.toString())
        .contains("permission denied")
        .doesNotContain("damaged")
        .doesNotContain("not a vpo backup");
    assertThat(DiskState.of(dir)).isEqualTo(before);
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }

  @Test
  void backupIntoADirectoryTheUserCannotWriteBlamesTheDestination() throws Exception {
    ChildProcesses.Output first = vpo("init");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Path library = home.library();
    LibraryFixture.populate(library, 3, 4);
    giveToUser(home.home());

    ChildProcesses.Output r = vpo("library", "backup", "-o", readOnly + "/");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("Error:")))
        .as(r.toString())
        .singleElement()
        .asString()
        .contains("cannot write in " + readOnly + ": permission denied")
        .doesNotContain("cannot open library")
        .doesNotContain("snapshot");
    assertThat(DiskState.paths(readOnly)).isEmpty();

    ChildProcesses.Output file = vpo("library", "backup", "-o", readOnly + "/mine.tar.gz");

    assertThat(file.exitCode()).as(file.toString()).isEqualTo(1);
    assertThat(file.err()).contains("cannot write in " + readOnly).doesNotContain("library");
    assertThat(DiskState.paths(readOnly)).isEmpty();

    ChildProcesses.Output missing = vpo("library", "backup", "-o", readOnly + "/new/");

    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.err())
        .contains("cannot create " + readOnly.resolve("new") + ": permission denied")
        .doesNotContain("library");
    assertThat(DiskState.paths(readOnly)).isEmpty();
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
  }

  // --- helpers

  /** Runs vpo in a JVM of its own, as nobody when the tests run as root. */
  private ChildProcesses.Output vpo(String... args) throws IOException {
    ProcessBuilder pb = home.processBuilder(args);
    if (asNobody) {
      List<String> command = new ArrayList<>(pb.command());
      int cp = command.indexOf("-cp");
      command.set(cp + 1, readableClasspath());
      command.addAll(
          0, List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
      pb.command(command);
    }
    pb.redirectInput(new File("/dev/null"));
    return children.run(120, pb);
  }

  private static String readableClasspath;

  /**
   * The test classpath as another user can read it: every jar and class directory linked (or
   * copied) into a directory of the system temp directory that anyone may enter. The checkout may
   * sit in a private directory ({@code mktemp -d} makes them 0700), and the local Maven repository
   * is under root's private home. Removed when the tests end.
   */
  private static synchronized String readableClasspath() throws IOException {
    if (readableClasspath != null) {
      return readableClasspath;
    }
    Path dir = Files.createTempDirectory("vpo-readable-classpath-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : TestHome.classpath().split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = dir.resolve(n++ + "-" + from.getFileName());
      try (Stream<Path> all = Files.walk(from)) {
        for (Path p : all.toList()) {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            continue;
          }
          try {
            Files.createLink(target, p);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(p, target);
          }
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
      entries.add(to.toString());
    }
    readableClasspath = String.join(File.pathSeparator, entries);
    return readableClasspath;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Left in the temp directory.
    }
  }

  /** Makes {@code path} (and all below it) the user's who runs vpo. */
  private void giveToUser(Path path) throws IOException {
    if (!asNobody) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.toList()) {
        try {
          Files.setAttribute(p, "unix:uid", NOBODY);
          Files.setAttribute(p, "unix:gid", NOBODY);
        } catch (NoSuchFileException e) {
          // A side file that went away meanwhile.
        }
      }
    }
  }
}
