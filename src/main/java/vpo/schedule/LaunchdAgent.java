package vpo.schedule;

import java.util.Map;

/**
 * The launchd agent of a schedule ({@code ~/Library/LaunchAgents/LABEL.plist}): an XML property
 * list with the job's arguments and environment, its calendar interval, and its output appended to
 * {@code <data dir>/logs/scheduled-backup.log}. Text out, nothing touched. launchd runs an interval
 * missed while the Mac slept when it wakes; one missed while it was off is not run.
 */
public final class LaunchdAgent {
  private LaunchdAgent() {}

  /** The plist file's content. */
  public static String plist(ScheduledBackup backup) {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""
            + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
    b.append("<!-- ").append(ScheduleMarker.WRITTEN_BY).append(" -->\n");
    b.append("<!-- ")
        .append(ScheduleMarker.PREFIX)
        .append(commentSafe(ScheduleMarker.json(backup)))
        .append(" -->\n");
    b.append("<plist version=\"1.0\">\n<dict>\n");
    key(b, "Label")
        .append("\t<string>")
        .append(xml(backup.name().launchdLabel()))
        .append("</string>\n");
    key(b, "ProgramArguments").append("\t<array>\n");
    for (String word : backup.job().command()) {
      b.append("\t\t<string>").append(xml(word)).append("</string>\n");
    }
    b.append("\t</array>\n");
    key(b, "EnvironmentVariables").append("\t<dict>\n");
    for (Map.Entry<String, String> e : backup.job().environment().entrySet()) {
      b.append("\t\t<key>").append(xml(e.getKey())).append("</key>\n");
      b.append("\t\t<string>").append(xml(e.getValue())).append("</string>\n");
    }
    b.append("\t</dict>\n");
    key(b, "StartCalendarInterval").append("\t<dict>\n");
    Schedule s = backup.schedule();
    if (s.every() == Frequency.WEEKLY) {
      integer(b, "Weekday", Schedule.cronWeekday(s.day()));
    }
    if (s.every() != Frequency.HOURLY) {
      integer(b, "Hour", s.hour());
    }
    integer(b, "Minute", s.minute());
    b.append("\t</dict>\n");
    key(b, "StandardOutPath")
        .append("\t<string>")
        .append(xml(backup.logFile().toString()))
        .append("</string>\n");
    key(b, "StandardErrorPath")
        .append("\t<string>")
        .append(xml(backup.logFile().toString()))
        .append("</string>\n");
    key(b, "RunAtLoad").append("\t<false/>\n");
    key(b, "Nice").append("\t<integer>").append(SystemdUnits.NICE).append("</integer>\n");
    b.append("</dict>\n</plist>\n");
    return b.toString();
  }

  private static StringBuilder key(StringBuilder b, String key) {
    return b.append("\t<key>").append(key).append("</key>\n");
  }

  private static void integer(StringBuilder b, String key, int value) {
    b.append("\t\t<key>").append(key).append("</key>\n");
    b.append("\t\t<integer>").append(value).append("</integer>\n");
  }

  /** Text content: {@code & < >} escaped (the job's words hold no control characters). */
  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * JSON that may sit in an XML comment, which cannot hold {@code --}: every second hyphen of a
   * pair becomes the JSON escape {@code \u002d}, which JSON readers turn back into a hyphen. A
   * hyphen occurs only inside JSON strings, where the escape is valid.
   */
  static String commentSafe(String json) {
    StringBuilder b = new StringBuilder();
    char previous = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '-' && previous == '-') {
        b.append("\\u002d");
        previous = 0;
      } else {
        b.append(c);
        previous = c;
      }
    }
    return b.toString();
  }
}
