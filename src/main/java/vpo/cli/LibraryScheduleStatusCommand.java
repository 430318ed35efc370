package vpo.cli;

import picocli.CommandLine.Command;
import vpo.cli.render.Rendering;
import vpo.cli.render.ScheduleRenderer;
import vpo.schedule.Schedules;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show this library's schedule, its next run, and how the last run went.",
    footer = {
      "",
      "Examples:",
      "  vpo library schedule status",
      "  vpo library schedule status --json"
    })
final class LibraryScheduleStatusCommand extends ReportingCommand {
  LibraryScheduleStatusCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    Schedules schedules = session.schedules();
    return ScheduleRenderer.status(schedules.status(), schedules.lastRun().orElse(null));
  }
}
