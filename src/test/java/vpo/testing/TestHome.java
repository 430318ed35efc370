package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vpo.cli.Cli;
import vpo.cli.Environment;

/**
 * A user's home in a temp directory, and the real vpo command line run against it: in-process with
 * captured streams ({@link #run}), or as a separate JVM ({@link #start}) for locking and crash
 * tests.
 */
public final class TestHome {
  private final Path home;
  private final Map<String, String> env = new HashMap<>();
  private byte[] stdin = new byte[0];
  private InputStream stdinStream;
  private boolean terminal;
  private boolean stdoutTerminal;

  public TestHome(Path dir) {
    this.home = dir.resolve("home");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    env.put("HOME", home.toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** How {@link #withLibrary} makes the home. */
  public enum Start {
    /**
     * {@code vpo init} has run: the data directory, the config file, the backup directory and the
     * library, as after a user's first command.
     */
    INITIALISED,
    /**
     * Only the data directory and the library file exist, made by {@link LibraryFixture}: no
     * config, no backup directory, nothing vpo wrote yet, as the Python VPO leaves a machine.
     */
    LIBRARY_ONLY
  }

  /**
   * A home in {@code dir} whose library holds {@code files} media files ({@link
   * LibraryFixture#populate} with {@code seed}; with none, the library stays empty): the setup the
   * command tests start from. Take a first backup with {@link #backup}.
   */
  public static TestHome withLibrary(Path dir, Start start, int files, long seed) {
    TestHome home = new TestHome(dir);
    if (start == Start.INITIALISED) {
      Result init = home.run("init");
      assertThat(init.exitCode()).as(init.toString()).isZero();
    } else {
      try {
        Files.createDirectories(home.dataDir());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      LibraryFixture.createV27(home.library());
    }
    if (files > 0) {
      LibraryFixture.populate(home.library(), files, seed);
    }
    return home;
  }

  public Path home() {
    return home;
  }

  public Path dataDir() {
    return home.resolve(".vpo");
  }

  public Path library() {
    return dataDir().resolve("library.db");
  }

  public Path backups() {
    return dataDir().resolve("backups");
  }

  public Path logFile() {
    return dataDir().resolve("logs").resolve("vpo.log");
  }

  /** Sets an environment variable for later runs; null removes it. */
  public TestHome env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /** What the next runs read on standard input. */
  public TestHome stdin(byte[] bytes) {
    this.stdin = bytes;
    return this;
  }

  /** What the next run reads on standard input: this stream, read by that run alone. */
  public TestHome stdin(InputStream stream) {
    this.stdinStream = stream;
    return this;
  }

  public TestHome stdin(String text) {
    return stdin(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the next runs believe standard output is a terminal. */
  public TestHome stdoutTerminal(boolean stdoutTerminal) {
    this.stdoutTerminal = stdoutTerminal;
    return this;
  }

  /** Whether the next runs believe stdin and stderr are a terminal. */
  public TestHome terminal(boolean terminal) {
    this.terminal = terminal;
    return this;
  }

  /** What one run produced. */
  public record Result(int exitCode, String out, String err, byte[] stdoutBytes) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Runs vpo in this JVM with this home, the given arguments, and captured streams. */
  public Result run(String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintWriter out = new PrintWriter(stdout, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(stderr, true, StandardCharsets.UTF_8);
    Environment environment =
        new Environment(
            Map.copyOf(env),
            home,
            home,
            stdinStream != null ? stdinStream : new ByteArrayInputStream(stdin),
            stdout,
            stderr,
            out,
            err,
            terminal,
            terminal,
            stdoutTerminal);
    int code = new Cli(environment).run(args);
    out.flush();
    err.flush();
    byte[] bytes = stdout.toByteArray();
    return new Result(
        code,
        new String(bytes, StandardCharsets.UTF_8),
        stderr.toString(StandardCharsets.UTF_8),
        bytes);
  }

  /**
   * Runs {@code vpo library backup --json} with {@code more} arguments, which must succeed; returns
   * its report.
   */
  public JsonNode backup(String... more) {
    List<String> args = new ArrayList<>(List.of("library", "backup", "--json"));
    args.addAll(List.of(more));
    Result r = run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return CliAssertions.json(r);
  }

  /**
   * Starts vpo as a separate JVM with this home as HOME and working directory. The caller owns the
   * process (kill it, or wait for it).
   */
  public Process start(String... args) throws IOException {
    return processBuilder(args).start();
  }

  public ProcessBuilder processBuilder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(NativeSqlite.jvmOptions());
    command.add("-cp");
    command.add(classpath());
    command.add("vpo.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.directory(home.toFile());
    return pb;
  }

  /** As {@link #processBuilder(String...)}, the JVM started with {@code jvmOptions} as well. */
  public ProcessBuilder processBuilder(List<String> jvmOptions, String... args) {
    ProcessBuilder pb = processBuilder(args);
    pb.command().addAll(1, jvmOptions);
    return pb;
  }

  /**
   * The memory options the launcher {@code ./vpo} starts the JVM with (collector, heap cap, thread
   * stack size), read from the script itself, so a test runs vpo in as much memory as users do.
   */
  public static List<String> launcherMemoryOptions() {
    Path launcher = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("vpo");
    try {
      for (String line : Files.readAllLines(launcher)) {
        if (line.startsWith("opts=(")) {
          List<String> options = new ArrayList<>();
          for (String word : line.substring("opts=(".length()).split("[\\s)]+")) {
            if (word.matches("-Xmx\\S+|-Xss\\S+|-XX:\\+Use\\w+GC")) {
              options.add(word);
            }
          }
          if (options.stream().anyMatch(o -> o.startsWith("-Xmx"))) {
            return options;
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the launcher " + launcher, e);
    }
    throw new IllegalStateException("no opts=( line with -Xmx in " + launcher);
  }

  /** The runtime classpath of vpo, as Maven's build publishes it to the tests. */
  public static String classpath() {
    String cp = System.getProperty("vpo.test.classpath");
    if (cp == null || cp.isBlank()) {
      throw new IllegalStateException("vpo.test.classpath is not set; run the tests through Maven");
    }
    return cp;
  }
}
