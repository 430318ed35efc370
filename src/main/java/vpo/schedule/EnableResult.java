package vpo.schedule;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code enable} did.
 *
 * @param backup the schedule installed
 * @param files the files written (the service and timer, or the plist)
 * @param replaced whether an earlier schedule of this library was replaced
 * @param activation whether the service manager runs it now
 * @param lingering systemd only: whether the user's manager keeps running after logout ({@code
 *     loginctl enable-linger}); without it the schedule runs only while the user is logged in. Null
 *     where unknown or not applicable
 */
public record EnableResult(
    ScheduledBackup backup,
    List<Path> files,
    boolean replaced,
    Activation activation,
    Boolean lingering) {
  public EnableResult {
    files = List.copyOf(files);
  }
}
