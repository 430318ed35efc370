package vpo.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a command takes from the process around it, so tests can run the real command line
 * in-process with their own streams, environment and home directory.
 *
 * @param stdout raw standard output, for archives streamed with {@code -o -}
 * @param stderr raw standard error, for progress bars (drawn with carriage returns)
 * @param stdinTerminal whether a person can answer a prompt on standard input
 * @param stderrTerminal whether progress bars may be drawn on standard error
 * @param stdoutTerminal whether standard output is a terminal (an archive is never written there)
 */
public record Environment(
    Map<String, String> env,
    Path home,
    Path cwd,
    InputStream stdin,
    OutputStream stdout,
    OutputStream stderr,
    PrintWriter out,
    PrintWriter err,
    boolean stdinTerminal,
    boolean stderrTerminal,
    boolean stdoutTerminal) {

  /**
   * No terminal, no input, every output discarded, {@code variables} as the environment and {@code
   * home} as home and working directory: for running commands that nobody watches (training,
   * building the command tree for man pages).
   */
  public static Environment quiet(Map<String, String> variables, Path home) {
    return new Environment(
        variables,
        home,
        home,
        InputStream.nullInputStream(),
        OutputStream.nullOutputStream(),
        OutputStream.nullOutputStream(),
        new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
        new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
        false,
        false,
        false);
  }

  /** The real process. The launcher tells which streams are terminals in {@code vpo.tty}. */
  public static Environment system() {
    String tty = System.getProperty("vpo.tty");
    boolean console = System.console() != null;
    boolean stdinTty = tty != null ? tty.contains("i") : console;
    boolean stderrTty = tty != null ? tty.contains("e") : console;
    boolean stdoutTty = tty != null ? tty.contains("o") : console;
    // The archive of -o - goes to the descriptor itself: System.out is a PrintStream, which
    // swallows write errors, so a full disk or closed pipe would pass for a finished backup.
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    // $HOME, like every Unix tool; the JVM's user.home comes from the password database instead.
    String home = System.getenv("HOME");
    return new Environment(
        System.getenv(),
        Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")),
        Path.of("").toAbsolutePath(),
        System.in,
        stdout,
        System.err,
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        stdinTty,
        stderrTty,
        stdoutTty);
  }
}
