package vpo.architecture.violations;

/** Domain code that prints warnings itself. */
public final class PrintsToStderr {
  private PrintsToStderr() {}

  static void warn(String line) {
    System.err.println(line);
  }
}
