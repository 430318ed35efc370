package vpo.cli;

import picocli.CommandLine.Command;
import vpo.cli.render.Rendering;
import vpo.cli.render.ScheduleRenderer;

@Command(
    name = "disable",
    mixinStandardHelpOptions = true,
    description = {
      "Remove this library's scheduled backup: the files enable wrote, and nothing else.",
      "Backups already made stay where they are."
    },
    footer = {"", "Examples:", "  vpo library schedule disable"})
final class LibraryScheduleDisableCommand extends ReportingCommand {
  LibraryScheduleDisableCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    return ScheduleRenderer.disabled(session.schedules().disable());
  }
}
