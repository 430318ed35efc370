package vpo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "library",
    mixinStandardHelpOptions = true,
    description = "Work on the library database: back up, restore, inspect, check, compact.",
    footer = {
      "",
      "Examples:",
      "  vpo library info                   where the library is, its size and contents",
      "  vpo library verify                 check it for damage",
      "  vpo library optimize --dry-run     see how much space compacting would free"
    })
final class LibraryCommand implements Callable<Integer>, Cli.ParentCommand {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
