package vpo.schedule;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands as real processes, each with a time limit. */
public final class ProcessCommandRunner implements CommandRunner {
  private final Duration timeout;

  /** A runner that gives each command {@code timeout} to finish. */
  public ProcessCommandRunner(Duration timeout) {
    this.timeout = timeout;
  }

  /** 30 seconds per command: systemctl and launchctl answer in well under one. */
  public ProcessCommandRunner() {
    this(Duration.ofSeconds(30));
  }

  @Override
  public Result run(List<String> command, Map<String, String> environment) {
    // The JVM would look a bare name up in its own PATH; the environment given is the truth.
    Path program = resolve(command.get(0), environment.get("PATH"));
    if (program == null) {
      return new Result(Result.NOT_FOUND, "", command.get(0) + ": command not found");
    }
    List<String> resolved = new ArrayList<>(command);
    resolved.set(0, program.toString());
    ProcessBuilder builder = new ProcessBuilder(resolved);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(Result.NOT_FOUND, "", command.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return new Result(
            Result.TIMED_OUT,
            "",
            command.get(0) + ": no answer within " + timeout.toSeconds() + " s");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(Result.TIMED_OUT, "", command.get(0) + ": interrupted");
    }
  }

  /** {@code name} itself when it holds a slash, else the first executable of that name in PATH. */
  static Path resolve(String name, String path) {
    if (name.contains("/")) {
      return Path.of(name);
    }
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Reads {@code in} to its end on a thread of its own: the common pool may have a single thread,
   * and stdout and stderr must be read at the same time or a chatty child blocks.
   */
  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        task -> {
          Thread t = new Thread(task, "vpo-command-output");
          t.setDaemon(true);
          t.start();
        });
  }
}
