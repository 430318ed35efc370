package vpo.schedule;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vpo.ShellQuoting;
import vpo.fs.AtomicFile;
import vpo.fs.PrivateFiles;

/**
 * Installs, reads and removes a library's schedule: systemd user units on Linux, a launchd agent on
 * macOS. The files are always written (atomically, each complete or absent); the service manager is
 * then told, when it can be reached. Where it cannot (no {@code systemctl}, no user bus:
 * containers, CI, a login without a session), the result says so and names the commands that finish
 * the job. Only files that carry vpo's marker are ever replaced or removed.
 */
public final class ScheduleInstaller {
  private static final DateTimeFormatter SYSTEMD_UTC =
      DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT);

  private final Host host;
  private final CommandRunner runner;

  public ScheduleInstaller(Host host, CommandRunner runner) {
    this.host = host;
    this.runner = runner;
  }

  /** Where {@code name}'s files go on this system: the service and timer, or the plist. */
  public List<Path> files(ScheduleName name) {
    if (host.serviceManager() == Host.ServiceManager.SYSTEMD) {
      Path dir = host.systemdUserDir();
      return List.of(dir.resolve(name.serviceFile()), dir.resolve(name.timerFile()));
    }
    return List.of(host.launchAgentsDir().resolve(name.plistFile()));
  }

  /**
   * Installs {@code backup}'s schedule, replacing the library's earlier one. Refuses (and writes
   * nothing) when a file of that name exists that vpo did not write.
   */
  public EnableResult enable(ScheduledBackup backup) {
    List<Path> files = files(backup.name());
    boolean replaced = false;
    for (Path file : files) {
      Optional<String> text = read(file);
      if (text.isPresent() && !ScheduleMarker.isOurs(text.get())) {
        throw new ScheduleException(
            file + " exists and was not written by vpo",
            "vpo leaves it alone; move it elsewhere, then enable the schedule again");
      }
      replaced |= text.isPresent();
    }
    try {
      if (host.serviceManager() == Host.ServiceManager.SYSTEMD) {
        write(files.get(0), SystemdUnits.service(backup));
        write(files.get(1), SystemdUnits.timer(backup));
        Activation activation = startSystemd(backup.name());
        Boolean lingering = activation.done() ? lingering() : null;
        return new EnableResult(backup, files, replaced, activation, lingering);
      }
      // launchd opens the log itself and does not create its directory.
      PrivateFiles.createDirectories(backup.logFile().getParent());
      write(files.get(0), LaunchdAgent.plist(backup));
      return new EnableResult(
          backup, files, replaced, startLaunchd(backup.name(), files.get(0)), null);
    } catch (IOException e) {
      throw new ScheduleException(
          "cannot write the schedule's files: " + e.getMessage(),
          "check that " + files.get(0).getParent() + " is writable",
          e);
    }
  }

  /** Stops and removes {@code name}'s schedule: exactly the files vpo wrote, nothing else. */
  public DisableResult disable(ScheduleName name) {
    List<Path> ours = new ArrayList<>();
    List<Path> notOurs = new ArrayList<>();
    for (Path file : files(name)) {
      read(file).ifPresent(text -> (ScheduleMarker.isOurs(text) ? ours : notOurs).add(file));
    }
    if (ours.isEmpty()) {
      return new DisableResult(name, List.of(), notOurs, Activation.completed());
    }
    // Only a schedule vpo installed is stopped: a timer of this name that is not vpo's is left
    // running, like its file.
    Activation deactivation;
    if (host.serviceManager() == Host.ServiceManager.LAUNCHD) {
      deactivation = stopLaunchd(name);
    } else if (ours.contains(host.systemdUserDir().resolve(name.timerFile()))) {
      deactivation = stopSystemd(name);
    } else {
      deactivation = Activation.completed();
    }
    List<Path> removed = new ArrayList<>();
    try {
      for (Path file : ours) {
        Files.delete(file);
        removed.add(file);
      }
      if (host.serviceManager() == Host.ServiceManager.SYSTEMD) {
        // systemctl enable made this link; without a reachable manager it is left to vpo.
        Path link = host.systemdUserDir().resolve("timers.target.wants").resolve(name.timerFile());
        if (Files.isSymbolicLink(link)
            && link.resolveSibling(Files.readSymbolicLink(link))
                .normalize()
                .equals(host.systemdUserDir().resolve(name.timerFile()))) {
          Files.delete(link);
          removed.add(link);
        }
        if (deactivation.done()) {
          run(List.of("systemctl", "--user", "daemon-reload"));
        }
      }
      AtomicFile.syncDirectory(ours.get(0).getParent());
    } catch (IOException e) {
      throw new ScheduleException(
          "cannot remove the schedule's files: " + e.getMessage(),
          "check the permissions of " + ours.get(0).getParent(),
          e);
    }
    return new DisableResult(name, removed, notOurs, deactivation);
  }

  /**
   * The schedule installed for {@code name}, read from vpo's files alone (no service manager is
   * asked): for {@code library info} and {@code library backups}, which show a warning when the
   * library is overdue.
   */
  public Optional<ScheduledBackup> installed(ScheduleName name) {
    for (Path file : files(name)) {
      Optional<String> text = read(file);
      if (text.isPresent() && ScheduleMarker.isOurs(text.get())) {
        Optional<ScheduledBackup> found = ScheduleMarker.find(text.get(), file);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** What is installed for {@code name}, and what the service manager says of it. */
  public ScheduleStatus status(ScheduleName name) {
    List<Path> ours = new ArrayList<>();
    List<Path> notOurs = new ArrayList<>();
    ScheduledBackup backup = null;
    for (Path file : files(name)) {
      Optional<String> text = read(file);
      if (text.isEmpty()) {
        continue;
      }
      if (!ScheduleMarker.isOurs(text.get())) {
        notOurs.add(file);
        continue;
      }
      ours.add(file);
      Optional<ScheduledBackup> found = ScheduleMarker.find(text.get(), file);
      if (found.isPresent()) {
        backup = found.get();
      }
    }
    if (backup == null) {
      return new ScheduleStatus(name, false, ours, null, null, null, notOurs);
    }
    if (host.serviceManager() == Host.ServiceManager.SYSTEMD) {
      return systemdStatus(name, ours, backup, notOurs);
    }
    Boolean active = null;
    Optional<String> uid = uid();
    if (uid.isPresent()) {
      CommandRunner.Result r =
          run(List.of("launchctl", "print", "gui/" + uid.get() + "/" + name.launchdLabel()));
      active = r.exitCode() == CommandRunner.Result.NOT_FOUND ? null : r.ok();
    }
    // launchd does not say when a calendar interval fires next.
    return new ScheduleStatus(name, true, ours, backup, active, null, notOurs);
  }

  private ScheduleStatus systemdStatus(
      ScheduleName name, List<Path> ours, ScheduledBackup backup, List<Path> notOurs) {
    List<String> show =
        List.of(
            "systemctl",
            "--user",
            "show",
            name.timerFile(),
            "-p",
            "ActiveState",
            "-p",
            "NextElapseUSecRealtime");
    // --timestamp=unix is systemd 251+, =utc 247+; older ones print local time, which is left
    // unread rather than guessed.
    for (String format : List.of("--timestamp=unix", "--timestamp=utc")) {
      List<String> command = new ArrayList<>(show);
      command.add(format);
      CommandRunner.Result r = run(command);
      if (r.ok()) {
        String state = property(r.out(), "ActiveState");
        Instant next = parseTimestamp(property(r.out(), "NextElapseUSecRealtime"));
        return new ScheduleStatus(name, true, ours, backup, "active".equals(state), next, notOurs);
      }
    }
    return new ScheduleStatus(name, true, ours, backup, null, null, notOurs);
  }

  private Activation startSystemd(ScheduleName name) {
    List<String> manual =
        List.of(
            "systemctl --user daemon-reload",
            "systemctl --user enable --now " + ShellQuoting.quote(name.timerFile()));
    CommandRunner.Result reload = run(List.of("systemctl", "--user", "daemon-reload"));
    if (!reload.ok()) {
      return Activation.pending(reload.firstLine(), manual);
    }
    // restart, not start: a timer already running takes its new calendar only when restarted.
    for (String verb : List.of("enable", "restart")) {
      CommandRunner.Result r = run(List.of("systemctl", "--user", verb, name.timerFile()));
      if (!r.ok()) {
        throw new ScheduleException(
            "systemd did not " + verb + " " + name.timerFile() + ": " + r.firstLine(),
            "the unit files are in "
                + host.systemdUserDir()
                + "; see systemctl --user status "
                + name.timerFile());
      }
    }
    return Activation.completed();
  }

  private Activation stopSystemd(ScheduleName name) {
    CommandRunner.Result reload = run(List.of("systemctl", "--user", "daemon-reload"));
    if (!reload.ok()) {
      // No manager to ask: none is running the timer from these files once they are gone, but
      // one that runs where vpo cannot see it (another session) keeps it until told.
      return Activation.pending(
          reload.firstLine(),
          List.of(
              "systemctl --user stop " + ShellQuoting.quote(name.timerFile()),
              "systemctl --user daemon-reload"));
    }
    CommandRunner.Result r =
        run(List.of("systemctl", "--user", "disable", "--now", name.timerFile()));
    if (!r.ok()) {
      throw new ScheduleException(
          "systemd did not stop " + name.timerFile() + ": " + r.firstLine(),
          "nothing was removed; see systemctl --user status " + name.timerFile());
    }
    return Activation.completed();
  }

  private Activation startLaunchd(ScheduleName name, Path plist) {
    Optional<String> uid = uid();
    String domain = "gui/" + uid.orElse("$(id -u)");
    List<String> manual =
        List.of(
            "launchctl bootout " + domain + "/" + name.launchdLabel() + " 2>/dev/null",
            "launchctl bootstrap " + domain + " " + ShellQuoting.quote(plist.toString()));
    if (uid.isEmpty()) {
      return Activation.pending("cannot tell the user id (id -u failed)", manual);
    }
    // An agent already loaded keeps its old definition until it is booted out; not loaded is
    // fine. A "launchctl disable" of an earlier install would make bootstrap fail.
    CommandRunner.Result out =
        run(List.of("launchctl", "bootout", domain + "/" + name.launchdLabel()));
    if (out.exitCode() == CommandRunner.Result.NOT_FOUND) {
      return Activation.pending(out.firstLine(), manual);
    }
    run(List.of("launchctl", "enable", domain + "/" + name.launchdLabel()));
    CommandRunner.Result in = run(List.of("launchctl", "bootstrap", domain, plist.toString()));
    if (!in.ok()) {
      throw new ScheduleException(
          "launchd did not load " + plist + ": " + in.firstLine(),
          "launchd agents need a logged-in user session; log in on the Mac, then enable again");
    }
    return Activation.completed();
  }

  private Activation stopLaunchd(ScheduleName name) {
    Optional<String> uid = uid();
    String target = "gui/" + uid.orElse("$(id -u)") + "/" + name.launchdLabel();
    List<String> manual = List.of("launchctl bootout " + target);
    if (uid.isEmpty()) {
      return Activation.pending("cannot tell the user id (id -u failed)", manual);
    }
    CommandRunner.Result r = run(List.of("launchctl", "bootout", target));
    if (r.exitCode() == CommandRunner.Result.NOT_FOUND) {
      return Activation.pending(r.firstLine(), manual);
    }
    // Any other failure means it was not loaded: nothing to stop.
    return Activation.completed();
  }

  /** Whether lingering is on for the user, or null when loginctl cannot say. */
  private Boolean lingering() {
    String user = host.environment().getOrDefault("USER", host.environment().get("LOGNAME"));
    if (user == null) {
      return null;
    }
    CommandRunner.Result r = run(List.of("loginctl", "show-user", user, "-p", "Linger", "--value"));
    if (!r.ok()) {
      return null;
    }
    String value = r.out().strip();
    return value.equals("yes") ? Boolean.TRUE : value.equals("no") ? Boolean.FALSE : null;
  }

  private Optional<String> uid() {
    CommandRunner.Result r = run(List.of("id", "-u"));
    String value = r.out().strip();
    return r.ok() && value.matches("\\d+") ? Optional.of(value) : Optional.empty();
  }

  private CommandRunner.Result run(List<String> command) {
    return runner.run(command, host.environment());
  }

  /** {@code KEY=value} lines as {@code systemctl show} prints them. */
  static String property(String out, String key) {
    return out.lines()
        .filter(line -> line.startsWith(key + "="))
        .map(line -> line.substring(key.length() + 1).strip())
        .findFirst()
        .orElse("");
  }

  /**
   * A timestamp as {@code systemctl show --timestamp=unix} ({@code @1764817200}) or {@code =utc}
   * ({@code Thu 2026-12-04 03:00:00 UTC}) prints it; null when empty, {@code n/a} or in another
   * form.
   */
  static Instant parseTimestamp(String value) {
    if (value.startsWith("@") && value.substring(1).matches("\\d+")) {
      long seconds = Long.parseLong(value.substring(1));
      return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }
    try {
      return LocalDateTime.parse(value, SYSTEMD_UTC).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The file's text, or empty when there is no file (a dangling link counts as none). */
  private static Optional<String> read(Path file) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ScheduleException(
          "cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Path dir = file.getParent();
    PrivateFiles.createDirectories(dir);
    try (AtomicFile atomic = AtomicFile.create(dir, "schedule")) {
      try (OutputStream out = atomic.outputStream()) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      atomic.publishAs(file, true);
    }
  }
}
