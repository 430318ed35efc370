package vpo.architecture.violations;

import picocli.CommandLine;

/** Domain code that builds command-line errors. */
public final class UsesPicocli {
  private UsesPicocli() {}

  static RuntimeException usage(CommandLine cmd) {
    return new CommandLine.ParameterException(cmd, "bad");
  }
}
