package vpo.architecture.violations;

import vpo.cli.ExitCodes;

/** Domain code that knows about exit codes, which belong to the command line. */
public final class KnowsExitCodes {
  private KnowsExitCodes() {}

  static int failure() {
    return ExitCodes.of(new IllegalStateException()).exit();
  }
}
