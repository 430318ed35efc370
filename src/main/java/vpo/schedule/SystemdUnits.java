package vpo.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The systemd user units of a schedule: a oneshot service that runs the job and a timer that starts
 * it. Text out, nothing touched.
 *
 * <p>Quoting follows systemd.syntax(7) and systemd.service(5): a word with anything beyond letters,
 * digits and {@code _@+=:,./-} is put in double quotes, inside which {@code \} and {@code "} are
 * escaped with a backslash; {@code %} is doubled everywhere (specifiers are expanded in the whole
 * line, quoted or not) and {@code $} is doubled in command arguments (variables are expanded there)
 * but not in {@code Environment=}, which expands none. A quoted {@code ";"} is an argument, never a
 * command separator.
 *
 * <p>systemd runs only programs whose path holds none of {@code " ' \}, and takes the path
 * literally while it expands {@code $} in {@code argv[0]}. A program path with any of {@code " ' \
 * $} is therefore started through {@code /bin/sh -c 'exec "$0" "$@"' PROGRAM ARGS...}, which passes
 * every word on unchanged.
 */
public final class SystemdUnits {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@+=:,./-]+");
  private static final Pattern RUNNABLE_PATH = Pattern.compile("[^\"'\\\\$]+");
  static final List<String> SHELL_EXEC = List.of("/bin/sh", "-c", "exec \"$0\" \"$@\"");

  /** {@code Nice=} of the job: below interactive work, but never starved. */
  static final int NICE = 10;

  /**
   * A run that hangs (an unreachable copy location, say) is stopped after this long, so that it
   * cannot keep the timer from starting the next one for ever; no backup of a home library takes
   * near this long.
   */
  static final String TIMEOUT = "6h";

  private SystemdUnits() {}

  /** The {@code NAME.service} file. */
  public static String service(ScheduledBackup backup) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(ScheduleMarker.WRITTEN_BY).append('\n');
    b.append("# Started by ").append(backup.name().timerFile()).append('\n');
    b.append("[Unit]\n");
    b.append("Description=").append(description("vpo backup of ", backup)).append('\n');
    b.append('\n');
    b.append("[Service]\n");
    b.append("Type=oneshot\n");
    b.append("ExecStart=").append(execStart(backup.job().command())).append('\n');
    for (Map.Entry<String, String> e : backup.job().environment().entrySet()) {
      b.append("Environment=").append(quote(e.getKey() + "=" + e.getValue(), false)).append('\n');
    }
    // Best-effort at the lowest priority rather than the idle class: idle I/O can wait for as
    // long as anything else reads the disk (a scan, say), and a backup that waits keeps its read
    // transaction open, which makes the library's WAL grow.
    b.append("Nice=").append(NICE).append('\n');
    b.append("IOSchedulingClass=best-effort\n");
    b.append("IOSchedulingPriority=7\n");
    b.append("TimeoutStartSec=").append(TIMEOUT).append('\n');
    b.append("SyslogIdentifier=").append(backup.name().id()).append('\n');
    return b.toString();
  }

  /** The {@code NAME.timer} file; it also carries the schedule vpo reads back. */
  public static String timer(ScheduledBackup backup) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(ScheduleMarker.WRITTEN_BY).append('\n');
    b.append("# ").append(ScheduleMarker.PREFIX).append(ScheduleMarker.json(backup)).append('\n');
    b.append("[Unit]\n");
    b.append("Description=").append(description("vpo backup schedule of ", backup)).append('\n');
    b.append('\n');
    b.append("[Timer]\n");
    b.append("OnCalendar=").append(backup.schedule().onCalendar()).append('\n');
    // A run missed while the machine was off or asleep happens as soon as it is back.
    b.append("Persistent=true\n");
    b.append("Unit=").append(backup.name().serviceFile()).append('\n');
    b.append('\n');
    b.append("[Install]\n");
    b.append("WantedBy=timers.target\n");
    return b.toString();
  }

  /** The value of {@code ExecStart=} that runs exactly {@code command}. */
  public static String execStart(List<String> command) {
    List<String> words = new ArrayList<>();
    if (!RUNNABLE_PATH.matcher(command.get(0)).matches()) {
      words.addAll(SHELL_EXEC);
    }
    words.addAll(command);
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(word, true));
    }
    return line.toString();
  }

  /**
   * One word, quoted so that systemd reads it back exactly. {@code expandsVariables}: whether
   * systemd expands {@code $} where it is written (command lines do, {@code Environment=} does
   * not).
   */
  public static String quote(String word, boolean expandsVariables) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      switch (c) {
        case '\\':
        case '"':
          b.append('\\').append(c);
          break;
        case '%':
          b.append("%%");
          break;
        case '$':
          b.append(expandsVariables ? "$$" : "$");
          break;
        default:
          b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** A description naming the library; free text, where only {@code %} is special. */
  private static String description(String what, ScheduledBackup backup) {
    // Ends with ")" so that no path can end the line with a backslash, which would continue it.
    return (what + backup.library() + " (" + backup.schedule().describe() + ")").replace("%", "%%");
  }
}
