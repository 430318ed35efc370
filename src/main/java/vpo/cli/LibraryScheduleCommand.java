package vpo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Back up the library on a schedule: a systemd user timer on Linux, a launchd agent on macOS.",
      "The job runs 'vpo library backup --if-changed' with the --db and --config you give here;"
          + " every run is recorded, and 'vpo library info' warns when runs fail or fall behind."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library schedule enable --every daily --at 03:30 --prune",
      "  vpo library schedule enable --every hourly --print     the files, and a crontab line",
      "  vpo library schedule status",
      "  vpo library schedule disable"
    })
final class LibraryScheduleCommand implements Callable<Integer>, Cli.ParentCommand {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
