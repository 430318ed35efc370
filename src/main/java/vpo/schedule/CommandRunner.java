package vpo.schedule;

import java.util.List;
import java.util.Map;

/**
 * Runs a program of the service manager ({@code systemctl}, {@code launchctl}, {@code loginctl})
 * and returns what it said. {@link ProcessCommandRunner} is the real one; tests give their own.
 */
public interface CommandRunner {

  /**
   * Runs {@code command} with exactly {@code environment}, looking the program up in that
   * environment's {@code PATH}. A program that does not exist gives exit 127 and one that does not
   * finish in time exit 124, as in a shell; neither throws.
   */
  Result run(List<String> command, Map<String, String> environment);

  /** What a finished program returned and wrote. */
  record Result(int exitCode, String out, String err) {
    public static final int NOT_FOUND = 127;
    public static final int TIMED_OUT = 124;

    public boolean ok() {
      return exitCode == 0;
    }

    /** The first line the program wrote to stderr (else stdout), for a one-line message. */
    public String firstLine() {
      String text = err.isBlank() ? out : err;
      return text.strip().lines().findFirst().orElse("exit status " + exitCode);
    }
  }
}
