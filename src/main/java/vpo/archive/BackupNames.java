package vpo.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Archive file names: {@code vpo-library-2026-02-05T14-30-22Z[-pre-restore|-pre-migration][-N]
 * .tar.gz}, and the compact form {@code vpo-library-2026-02-05T143022Z.tar.gz} the Python VPO
 * writes.
 */
public final class BackupNames {
  public static final String PREFIX = "vpo-library-";
  public static final String EXTENSION = ".tar.gz";
  public static final String GLOB = PREFIX + "*" + EXTENSION;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Pattern NAME =
      Pattern.compile(
          Pattern.quote(PREFIX)
              + "(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-?(\\d{2})-?(\\d{2})Z"
              + "("
              + Arrays.stream(BackupKind.values())
                  .filter(BackupKind::isSafety)
                  .map(k -> Pattern.quote(k.suffix()))
                  .collect(Collectors.joining("|"))
              + ")?(?:-(\\d+))?"
              + Pattern.quote(EXTENSION));

  private BackupNames() {}

  /** The name for an archive made at {@code created}; {@code n > 1} adds a collision suffix. */
  public static String name(Instant created, BackupKind kind, int n) {
    return PREFIX + STAMP.format(created) + kind.suffix() + (n > 1 ? "-" + n : "") + EXTENSION;
  }

  /** Whether {@code file}'s name looks like a backup archive (the listing glob). */
  public static boolean matches(Path file) {
    String n = file.getFileName().toString();
    // Like the glob, whose '*' may match nothing: prefix and extension must not overlap.
    return n.startsWith(PREFIX)
        && n.endsWith(EXTENSION)
        && n.length() >= PREFIX.length() + EXTENSION.length();
  }

  /** The time in a well-formed name, in either form. */
  public static Optional<Instant> timeOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      LocalDateTime t =
          LocalDateTime.parse(m.group(1) + "T" + m.group(2) + ":" + m.group(3) + ":" + m.group(4));
      return Optional.of(t.toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The collision suffix of a well-formed name: 2 for {@code ...Z-2.tar.gz}, else 1. */
  public static int sequenceOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (m.matches() && m.group(6) != null) {
      try {
        return Integer.parseInt(m.group(6));
      } catch (NumberFormatException e) {
        return Integer.MAX_VALUE;
      }
    }
    return 1;
  }

  /** The kind a well-formed name declares; plain backups for anything else. */
  public static BackupKind kindOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? BackupKind.fromSuffix(m.group(5)) : BackupKind.BACKUP;
  }
}
