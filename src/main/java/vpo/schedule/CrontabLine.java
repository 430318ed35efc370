package vpo.schedule;

import java.util.Map;
import vpo.ShellQuoting;

/**
 * The crontab line equivalent to a schedule, for {@code --print}: the time fields, the job's
 * variables as sh assignments, and the command, quoted for sh. cron (Vixie cron, cronie) reads
 * {@code %} in a command as a newline unless a backslash precedes it, and drops that backslash; so
 * every {@code %} is written {@code \%}, and a literal backslash that precedes a {@code %} is kept
 * apart from it by ending and reopening the single quotes around them. cron does not run a job
 * missed while the machine was off.
 */
public final class CrontabLine {
  private CrontabLine() {}

  /** One crontab line, without the newline. */
  public static String render(ScheduledBackup backup) {
    StringBuilder command = new StringBuilder();
    for (Map.Entry<String, String> e : backup.job().environment().entrySet()) {
      command.append(e.getKey()).append('=').append(ShellQuoting.quote(e.getValue())).append(' ');
    }
    command.append(ShellQuoting.join(backup.job().command()));
    return backup.schedule().cronFields() + " " + escapePercent(command.toString());
  }

  /**
   * {@code sh} text as cron must be given it. A {@code %} only occurs inside single quotes here (it
   * is never a plain word), and so does any backslash right before one.
   */
  static String escapePercent(String sh) {
    return sh.replace("\\%", "\\''%").replace("%", "\\%");
  }
}
