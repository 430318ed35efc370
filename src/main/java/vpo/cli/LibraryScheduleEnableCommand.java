package vpo.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpo.cli.render.Rendering;
import vpo.cli.render.ScheduleRenderer;
import vpo.schedule.Schedule;
import vpo.schedule.ScheduleException;
import vpo.schedule.ScheduledBackup;
import vpo.schedule.Schedules;

@Command(
    name = "enable",
    mixinStandardHelpOptions = true,
    description = {
      "Install (or replace) this library's scheduled backup.",
      "Enabling again replaces the schedule; there is never more than one per library."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library schedule enable --every daily                 at 03:00",
      "  vpo library schedule enable --every weekly --at 'Sun 04:30' --prune",
      "  vpo library schedule enable --every hourly --at :15 --copy-to s3://bkt/vpo",
      "  vpo --db /srv/vpo.db library schedule enable --every daily --print"
    })
final class LibraryScheduleEnableCommand extends ReportingCommand {
  @Spec CommandSpec spec;

  @Option(
      names = "--every",
      required = true,
      paramLabel = "hourly|daily|weekly",
      completionCandidates = Frequencies.class,
      description = "How often.")
  String every;

  /** What completion offers for --every. */
  static final class Frequencies extends java.util.ArrayList<String> {
    Frequencies() {
      for (vpo.schedule.Frequency f : vpo.schedule.Frequency.values()) {
        add(f.word());
      }
    }
  }

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "When, in local time: HH:MM (daily), [DAY] HH:MM (weekly), :MM (hourly)."
              + " Default: 03:00, Monday 03:00, on the hour.")
  String at;

  @Option(names = "--prune", description = "After each backup, apply the config's keep_* rules.")
  boolean prune;

  @Option(
      names = "--copy-to",
      paramLabel = "LOCATION",
      description = "Also copy each new backup there (repeatable).")
  List<String> copyTo = new ArrayList<>();

  @Option(
      names = "--print",
      description = "Print the files and an equivalent crontab line instead of installing them.")
  boolean print;

  LibraryScheduleEnableCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    Schedule schedule;
    try {
      schedule = Schedule.parse(every, at);
    } catch (ScheduleException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage() + "; " + e.hint());
    }
    Schedules schedules = session.schedules();
    ScheduledBackup backup =
        schedules.plan(
            schedule,
            session.launcher(),
            session.options().db,
            session.options().config,
            prune,
            copyTo);
    for (String name : backup.job().withheld()) {
      session.warn(
          name
              + " is not written into the schedule's files; the job reads credentials from"
              + " AWS_PROFILE and ~/.aws/credentials when it runs");
    }
    if (print) {
      return ScheduleRenderer.printed(backup, schedules.files(backup));
    }
    return ScheduleRenderer.enabled(schedules.enable(backup));
  }
}
