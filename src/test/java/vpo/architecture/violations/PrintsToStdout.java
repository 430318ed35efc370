package vpo.architecture.violations;

/** Domain code that prints. */
public final class PrintsToStdout {
  private PrintsToStdout() {}

  static void report(String line) {
    System.out.println(line);
  }
}
