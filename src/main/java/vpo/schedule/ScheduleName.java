package vpo.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one name under which a library's schedule is installed, so that enabling again replaces it
 * and two libraries never share one. The default library ({@code ~/.vpo/library.db}) is {@code
 * vpo-backup}; any other is {@code vpo-backup-} and the first 8 hex digits of the SHA-256 of its
 * real path (symbolic links resolved, so two ways of naming one library give one schedule).
 *
 * @param id the systemd unit name without its suffix, e.g. {@code vpo-backup-1f0c93ab}
 */
public record ScheduleName(String id) {
  static final String BASE = "vpo-backup";

  public ScheduleName {
    if (!id.matches(BASE + "(-[0-9a-f]{8})?")) {
      throw new IllegalArgumentException("not a schedule name: " + id);
    }
  }

  /** The name of {@code database}'s schedule; {@code home} locates the default library. */
  public static ScheduleName forLibrary(Path database, Path home) {
    Path library = realPath(database);
    if (library.equals(realPath(home.resolve(".vpo").resolve("library.db")))) {
      return new ScheduleName(BASE);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(library.toString().getBytes(StandardCharsets.UTF_8));
      return new ScheduleName(BASE + "-" + HexFormat.of().formatHex(digest, 0, 4));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  public String serviceFile() {
    return id + ".service";
  }

  public String timerFile() {
    return id + ".timer";
  }

  /** The launchd label: {@code vpo.backup} or {@code vpo.backup-1f0c93ab}. */
  public String launchdLabel() {
    return "vpo.backup" + id.substring(BASE.length());
  }

  public String plistFile() {
    return launchdLabel() + ".plist";
  }

  /**
   * The absolute path with every symbolic link of its existing part resolved; the part that does
   * not exist yet is appended as given.
   */
  static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null) {
      try {
        return existing.toRealPath().resolve(existing.relativize(absolute));
      } catch (IOException e) {
        existing = existing.getParent();
      }
    }
    return absolute;
  }
}
