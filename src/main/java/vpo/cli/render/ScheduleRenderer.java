package vpo.cli.render;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vpo.ShellQuoting;
import vpo.schedule.Activation;
import vpo.schedule.BackupRun;
import vpo.schedule.CrontabLine;
import vpo.schedule.DisableResult;
import vpo.schedule.EnableResult;
import vpo.schedule.ScheduleStatus;
import vpo.schedule.ScheduledBackup;

/** {@code vpo library schedule enable|status|disable}. */
public final class ScheduleRenderer {
  private ScheduleRenderer() {}

  /** A schedule that was installed (or replaced). */
  public static Rendering enabled(EnableResult r) {
    ScheduledBackup b = r.backup();
    Activation a = r.activation();
    Fields f =
        new Fields(11)
            .jsonOnly("success", true)
            .field("name", b.name().id(), "Scheduled", b.schedule().describe())
            .jsonOnly("every", b.schedule().every().word())
            .jsonOnly("at", b.schedule().atText())
            .field("command", b.job().command(), "Runs", ShellQuoting.join(b.job().command()))
            .field("files", strings(r.files()), "Files", lines(r.files()))
            .jsonOnly("replaced", r.replaced())
            .field(
                "active",
                a.done(),
                "Active",
                a.done()
                    ? "yes"
                    : "not yet: " + a.reason() + "\nrun: " + String.join(" && ", a.commands()))
            .jsonOnly("activation_commands", a.commands())
            .jsonOnly("lingering", r.lingering());
    if (Boolean.FALSE.equals(r.lingering())) {
      f.textLine(
          "Note: your systemd user manager stops when you log out, and the schedule with it;"
              + " keep it running with: loginctl enable-linger");
    }
    return f;
  }

  /** The files a schedule would install, and an equivalent crontab line ({@code --print}). */
  public static Rendering printed(ScheduledBackup backup, Map<Path, String> files) {
    return new Rendering() {
      @Override
      public void text(PrintWriter out) {
        for (Map.Entry<Path, String> file : files.entrySet()) {
          out.println("# " + file.getKey());
          out.print(file.getValue());
          out.println();
        }
        out.println("# Or one crontab line (crontab -e):");
        out.println(CrontabLine.render(backup));
      }

      @Override
      public Map<String, Object> json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("success", true);
        doc.put("name", backup.name().id());
        doc.put("every", backup.schedule().every().word());
        doc.put("at", backup.schedule().atText());
        doc.put("command", backup.job().command());
        Map<String, Object> texts = new LinkedHashMap<>();
        files.forEach((path, text) -> texts.put(path.toString(), text));
        doc.put("files", texts);
        doc.put("crontab", CrontabLine.render(backup));
        return doc;
      }
    };
  }

  /** The installed schedule, if any, and the last recorded run. */
  public static Rendering status(ScheduleStatus s, BackupRun last) {
    ScheduledBackup b = s.backup();
    return new Fields(11)
        .field(
            "installed",
            s.installed(),
            "Schedule",
            b != null
                ? b.schedule().describe() + " (" + s.name().id() + ")"
                : "none (set one up with: vpo library schedule enable --every daily)")
        .jsonOnly("name", s.name().id())
        .jsonOnly("every", b == null ? null : b.schedule().every().word())
        .jsonOnly("at", b == null ? null : b.schedule().atText())
        .field(
            "command",
            b == null ? null : b.job().command(),
            "Runs",
            b == null ? null : ShellQuoting.join(b.job().command()))
        .jsonOnly("files", strings(s.files()))
        .field(
            "active",
            s.active(),
            "Active",
            b == null ? null : s.active() == null ? "unknown" : s.active() ? "yes" : "no")
        .field(
            "next_run",
            s.nextRun() == null ? null : Formats.isoTime(s.nextRun()),
            "Next run",
            b == null ? null : s.nextRun() == null ? "unknown" : Formats.time(s.nextRun()))
        .field("last_run", last == null ? null : run(last), "Last run", describe(last))
        .jsonOnly("not_ours", strings(s.notOurs()));
  }

  /** A schedule removed, or the news that there was none. */
  public static Rendering disabled(DisableResult r) {
    Activation a = r.deactivation();
    Fields f =
        new Fields(11)
            .jsonOnly("success", true)
            .jsonOnly("name", r.name().id())
            .field(
                "removed",
                strings(r.removed()),
                "Removed",
                r.wasInstalled() ? lines(r.removed()) : "nothing: this library has no schedule")
            .field(
                "not_ours",
                strings(r.notOurs()),
                "Left",
                r.notOurs().isEmpty() ? null : lines(r.notOurs()) + "\n(not written by vpo)")
            .field(
                "stopped",
                a.done(),
                "Stopped",
                a.done()
                    ? null
                    : "not yet: " + a.reason() + "\nrun: " + String.join(" && ", a.commands()));
    return f;
  }

  private static Map<String, Object> run(BackupRun r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("started_at", Formats.isoTime(r.startedAt()));
    doc.put("finished_at", Formats.isoTime(r.finishedAt()));
    doc.put("outcome", r.outcome().word());
    doc.put("archive", r.archive());
    doc.put("error", r.error());
    doc.put("exit_code", r.exitCode());
    doc.put("scheduled", r.scheduled());
    return doc;
  }

  private static String describe(BackupRun r) {
    if (r == null) {
      return "none recorded";
    }
    String how = r.scheduled() ? "" : " (by hand)";
    return Formats.time(r.startedAt())
        + how
        + ": "
        + switch (r.outcome()) {
          case SUCCESS -> "backed up to " + r.archive();
          case SKIPPED -> "skipped, unchanged since " + r.archive();
          case FAILED -> "failed (exit " + r.exitCode() + "): " + r.error();
        };
  }

  private static List<String> strings(List<Path> paths) {
    return paths.stream().map(Path::toString).toList();
  }

  private static String lines(List<Path> paths) {
    return String.join("\n", strings(paths));
  }
}
