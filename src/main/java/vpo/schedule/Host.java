package vpo.schedule;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The machine a schedule is installed on, as the installer sees it: the environment (also given to
 * {@code systemctl} and {@code launchctl}, whose user bus it names), the user's home and the
 * operating system's name ({@code os.name}).
 */
public record Host(Map<String, String> environment, Path home, String osName) {
  public Host {
    environment = Map.copyOf(environment);
    home = home.toAbsolutePath().normalize();
  }

  /** The running machine: {@code os.name} of this JVM. */
  public static Host current(Map<String, String> environment, Path home) {
    return new Host(environment, home, System.getProperty("os.name", ""));
  }

  /** Which service manager this system has. */
  public ServiceManager serviceManager() {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) {
      return ServiceManager.SYSTEMD;
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return ServiceManager.LAUNCHD;
    }
    throw new ScheduleException(
        "vpo schedules backups with systemd (Linux) and launchd (macOS), not on " + osName,
        "vpo library schedule enable --print writes a crontab line to use instead");
  }

  /**
   * {@code $XDG_CONFIG_HOME/systemd/user}, or {@code ~/.config/systemd/user}; a relative {@code
   * XDG_CONFIG_HOME} is ignored, as the XDG specification says.
   */
  public Path systemdUserDir() {
    String xdg = environment.get("XDG_CONFIG_HOME");
    Path config =
        xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : home.resolve(".config");
    return config.resolve("systemd").resolve("user");
  }

  /** {@code ~/Library/LaunchAgents}. */
  public Path launchAgentsDir() {
    return home.resolve("Library").resolve("LaunchAgents");
  }

  /** The two service managers vpo installs schedules into. */
  public enum ServiceManager {
    SYSTEMD,
    LAUNCHD
  }
}
