package vpo.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code python3}, the stock reader the archive format promises to satisfy: its {@code tarfile} and
 * {@code sqlite3} modules open vpo's archives and libraries without any of vpo's code.
 */
public final class Python {
  private static String executable;

  private Python() {}

  /** The command line running {@code script} with {@code args} (in {@code sys.argv[1:]}). */
  public static List<String> command(String script, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable());
    command.add("-c");
    command.add(script);
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The interpreter itself rather than a launcher shim (pyenv), so that killing the process kills
   * Python.
   */
  private static synchronized String executable() {
    if (executable == null) {
      try (ChildProcesses p = new ChildProcesses()) {
        ChildProcesses.Output o =
            p.run(60, List.of("python3", "-c", "import sys; print(sys.executable)"));
        if (o.exitCode() != 0 || o.out().isBlank()) {
          throw new IllegalStateException("these tests need python3 on the PATH: " + o);
        }
        executable = o.out().strip();
      }
    }
    return executable;
  }
}
