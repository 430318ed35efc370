package vpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user runs it: {@code ./vpo} from the project, as a real process. Runs after
 * {@code package} (failsafe), when {@code target/vpo.jar} is fresh, so the launcher does not build.
 */
class LauncherIT {
  @TempDir Path tmp;
  private Path root;
  private Path home;

  /** What one process printed. */
  record Run(int exit, String out, String err) {}

  @BeforeEach
  void freshJar() throws IOException {
    root = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path jar = root.resolve("target").resolve("vpo.jar");
    assumeTrue(Files.isRegularFile(root.resolve("vpo")), "no launcher in " + root);
    assumeTrue(Files.isRegularFile(jar), "target/vpo.jar is not built yet: run mvn verify");
    FileTime built = Files.getLastModifiedTime(jar);
    try (Stream<Path> sources = Files.walk(root.resolve("src").resolve("main"))) {
      boolean stale =
          Stream.concat(sources, Stream.of(root.resolve("pom.xml")))
              .anyMatch(p -> modified(p).compareTo(built) > 0);
      assumeTrue(!stale, "target/vpo.jar is older than the sources; the launcher would rebuild");
    }
    home = Files.createDirectories(tmp.resolve("home"));
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String version() throws IOException {
    try (InputStream in = LauncherIT.class.getResourceAsStream("/vpo/version.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  private Run launch(Path launcherDir, String... args) throws Exception {
    return launch(List.of(), launcherDir, args);
  }

  /** Runs the launcher, prefixed by {@code asUser} (e.g. setpriv to run as another user). */
  private Run launch(List<String> asUser, Path launcherDir, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(asUser));
    pb.command().addAll(List.of("bash", "vpo"));
    pb.command().addAll(List.of(args));
    pb.directory(launcherDir.toFile());
    pb.environment().put("HOME", home.toString());
    // Anything that would make the JVM or the launcher talk on stderr by itself.
    for (String noisy :
        new String[] {"VPO_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      pb.environment().remove(noisy);
    }
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    return new Run(p.exitValue(), out, Files.readString(err));
  }

  private void assertJustTheVersion(Run run) throws IOException {
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("vpo " + version() + "\n");
    assertThat(run.err().lines().filter(l -> !l.startsWith("vpo: building")))
        .as("stderr of %s", run)
        .isEmpty();
  }

  @Test
  void versionFromTheProjectRootIsOneLineOnStdoutAndNothingElse() throws Exception {
    assertThat(version()).matches("\\d+\\.\\d+\\.\\d+.*");

    // The first run may write the class-data archive; the second starts from it.
    assertJustTheVersion(launch(root, "--version"));
    assertJustTheVersion(launch(root, "--version"));

    assertThat(home.resolve(".vpo")).as("--version creates nothing").doesNotExist();
  }

  @Test
  void theClassDataArchiveIsMadeOnFirstUseSilently() throws Exception {
    // A copy of the launcher and jar alone: the archive is certainly made here, and the copy has
    // no sources to be stale against.
    Path copy = Files.createDirectories(tmp.resolve("install").resolve("target"));
    Files.copy(root.resolve("vpo"), copy.getParent().resolve("vpo"));
    Files.copy(root.resolve("target").resolve("vpo.jar"), copy.resolve("vpo.jar"));

    Run first = launch(copy.getParent(), "--version");
    Run second = launch(copy.getParent(), "--version");

    assertJustTheVersion(first);
    assertJustTheVersion(second);
    assertThat(first.err()).isEmpty();
    assertThat(copy.resolve("vpo.jsa")).isNotEmptyFile();
    try (Stream<Path> files = Files.list(copy)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no half-written archive left")
          .containsExactlyInAnyOrder("vpo.jar", "vpo.jsa", "native");
    }
    try (Stream<Path> natives = Files.list(copy.resolve("native"))) {
      assertThat(natives.map(p -> p.getFileName().toString()))
          .as("sqlite's native library, extracted once instead of to /tmp on every start")
          .singleElement()
          .asString()
          .startsWith("libsqlitejdbc");
    }
  }

  @Test
  void aRealCommandThroughTheLauncherWorksInAnEmptyHome() throws Exception {
    Run run = launch(root, "library", "info", "--json");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("\"schema_version\" : 27");
    assertThat(run.err()).contains("first run").hasLineCount(1);
    assertThat(home.resolve(".vpo").resolve("library.db")).isRegularFile();
  }

  /** A copy of the launcher and the built jar alone, as an installation without sources. */
  private Path installation() throws IOException {
    Path copy = Files.createDirectories(tmp.resolve("install").resolve("target"));
    Files.copy(root.resolve("vpo"), copy.getParent().resolve("vpo"));
    Files.copy(root.resolve("target").resolve("vpo.jar"), copy.resolve("vpo.jar"));
    return copy.getParent();
  }

  @Test
  void theNativeLibraryIsExtractedOnceNotOnEveryStart() throws Exception {
    Path install = installation();
    assertJustTheVersion(launch(install, "--version"));
    Path lib;
    try (Stream<Path> natives = Files.list(install.resolve("target").resolve("native"))) {
      lib =
          natives
              .filter(p -> p.getFileName().toString().startsWith("libsqlitejdbc"))
              .findFirst()
              .orElseThrow();
    }
    Object identity = Files.readAttributes(lib, "unix:ino,lastModifiedTime");

    assertJustTheVersion(launch(install, "--version"));

    assertThat(Files.readAttributes(lib, "unix:ino,lastModifiedTime"))
        .as("the same file, not extracted again")
        .isEqualTo(identity);
  }

  @Test
  void aCheckoutTheUserCannotWriteStillRuns() throws Exception {
    Path install = installation();
    List<String> asOtherUser = List.of();
    if ("root".equals(System.getProperty("user.name"))) {
      // Root writes anywhere: run as nobody, for whom the installation is read-only.
      assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
      asOtherUser = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    Files.setPosixFilePermissions(
        install.resolve("target").resolve("vpo.jar"), PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(
        install.resolve("target"), PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(install, PosixFilePermissions.fromString("r-xr-xr-x"));

    Run version = launch(asOtherUser, install, "--version");
    Run info = launch(asOtherUser, install, "library", "info", "--json");

    assertJustTheVersion(version);
    assertThat(version.err()).isEmpty();
    assertThat(info.exit()).as(info.toString()).isZero();
    assertThat(info.out()).contains("\"schema_version\" : 27");
    try (Stream<Path> files = Files.walk(install)) {
      assertThat(files.map(p -> install.relativize(p).toString()))
          .as("nothing written into the installation")
          .containsExactlyInAnyOrder("", "vpo", "target", "target/vpo.jar");
    }
    try (Stream<Path> cached = Files.walk(home.resolve(".cache").resolve("vpo"))) {
      assertThat(cached.map(p -> p.getFileName().toString()))
          .as("the native library, extracted once into the user's cache")
          .anyMatch(n -> n.startsWith("libsqlitejdbc"));
    }
  }
}
