package vpo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes a test starts (stock tools, {@code python3}, child JVMs), so that every one is
 * killed when the test ends, whatever happened: register it as an extension
 * ({@code @RegisterExtension final ChildProcesses children = new ChildProcesses();}), which closes
 * it after each test, or close it in a try-with-resources.
 */
public final class ChildProcesses implements AutoCloseable, AfterEachCallback {
  private final List<Process> started = new CopyOnWriteArrayList<>();

  /** What a finished program wrote and returned. */
  public record Output(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Starts {@code builder}'s process and tracks it. */
  public Process start(ProcessBuilder builder) throws IOException {
    Process p = builder.start();
    started.add(p);
    return p;
  }

  /** Runs {@code command} to completion (at most {@code timeoutSeconds}), capturing its output. */
  public Output run(long timeoutSeconds, List<String> command) {
    return run(timeoutSeconds, new ProcessBuilder(command));
  }

  /** Runs {@code command} in {@code dir} to completion, capturing its output. */
  public Output run(long timeoutSeconds, Path dir, String... command) {
    return run(timeoutSeconds, new ProcessBuilder(command).directory(dir.toFile()));
  }

  /** Runs {@code builder}'s process to completion, capturing its output. */
  public Output run(long timeoutSeconds, ProcessBuilder builder) {
    try {
      Process p = start(builder);
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        kill(p);
        throw new AssertionError(
            builder.command() + " did not finish within " + timeoutSeconds + " s");
      }
      return new Output(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + builder.command(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The first line {@code p} writes on stdout, waiting at most a minute for it. */
  public static String firstLine(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                return "(unreadable: " + e + ")";
              }
            })
        .get(60, TimeUnit.SECONDS);
  }

  /** Reads {@code in} to its end on another thread. */
  public static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        });
  }

  /** {@code java -cp <vpo and the test classes> main args}: a helper program of the tests. */
  public static ProcessBuilder java(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(NativeSqlite.jvmOptions());
    command.add("-cp");
    command.add(TestHome.classpath() + java.io.File.pathSeparator + testClasses());
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static String testClasses() {
    try {
      return Path.of(
              ChildProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL to {@code p} and its descendants, then waits for it to be gone. */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Kills every process still running. */
  @Override
  public void close() {
    for (Process p : started) {
      if (p.isAlive()) {
        kill(p);
      }
    }
    started.clear();
  }
}
