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
 * .tar.gz}, with {@code .age} after it for an archive encrypted with age, and the compact form
 * {@code vpo-library-2026-02-05T143022Z.tar.gz} the Python VPO writes. A safety copy kept as a
 * plain database file (the library a restore replaced) is named the same way with {@code .db}:
 * {@code vpo-library-2026-02-05T14-30-22Z-pre-restore.db}; only a well-formed name counts as one.
 */
public final class BackupNames {
  public static final String PREFIX = "vpo-library-";
  public static final String EXTENSION = ".tar.gz";

  /** What an age-encrypted archive's name ends in: {@code .tar.gz.age}. */
  public static final String ENCRYPTED_EXTENSION = EXTENSION + ".age";

  /** What a safety copy kept as a plain database file ends in. */
  public static final String DATABASE_EXTENSION = ".db";

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
              + "(?:"
              + Pattern.quote(EXTENSION)
              + "(?:"
              + Pattern.quote(".age")
              + ")?|("
              + Pattern.quote(DATABASE_EXTENSION)
              + "))");

  private BackupNames() {}

  /** The name for a plain archive made at {@code created}; {@code n > 1} adds a suffix. */
  public static String name(Instant created, BackupKind kind, int n) {
    return name(created, kind, n, false);
  }

  /** The name for an archive made at {@code created}, encrypted or not. */
  public static String name(Instant created, BackupKind kind, int n, boolean encrypted) {
    return PREFIX
        + STAMP.format(created)
        + kind.suffix()
        + (n > 1 ? "-" + n : "")
        + (encrypted ? ENCRYPTED_EXTENSION : EXTENSION);
  }

  /** The name for a safety copy kept as a database file, made at {@code created}. */
  public static String databaseName(Instant created, BackupKind kind, int n) {
    return PREFIX
        + STAMP.format(created)
        + kind.suffix()
        + (n > 1 ? "-" + n : "")
        + DATABASE_EXTENSION;
  }

  /**
   * Whether {@code name} looks like a backup: {@code vpo-library-*.tar.gz[.age]}, or a well-formed
   * database copy's name ({@link #isDatabaseCopy}).
   */
  public static boolean matches(String name) {
    if (isDatabaseCopy(name)) {
      return true;
    }
    String ext = name.endsWith(ENCRYPTED_EXTENSION) ? ENCRYPTED_EXTENSION : EXTENSION;
    // Like a glob whose '*' may match nothing: prefix and extension must not overlap.
    return name.startsWith(PREFIX)
        && name.endsWith(ext)
        && name.length() >= PREFIX.length() + ext.length();
  }

  public static boolean matches(Path file) {
    return matches(file.getFileName().toString());
  }

  /**
   * Whether {@code name} is a database copy's: a well-formed pre-restore name ending in {@code .db}
   * (not any {@code vpo-library-*.db}, which may be someone's library, nor a dated one without the
   * kind, which vpo never writes and which would otherwise count as an ordinary backup).
   */
  public static boolean isDatabaseCopy(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches()
        && m.group(7) != null
        && BackupKind.PRE_RESTORE.suffix().equals(m.group(5))
        && timeOf(name).isPresent();
  }

  /** Whether {@code name} says the archive is encrypted ({@code .age}). */
  public static boolean isEncrypted(String name) {
    return name.endsWith(".age");
  }

  /** The time in a well-formed name, in either form. */
  public static Optional<Instant> timeOf(String name) {
    Matcher m = NAME.matcher(name);
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

  public static Optional<Instant> timeOf(Path file) {
    return timeOf(file.getFileName().toString());
  }

  /** The collision suffix of a well-formed name: 2 for {@code ...Z-2.tar.gz}, else 1. */
  public static int sequenceOf(String name) {
    Matcher m = NAME.matcher(name);
    if (m.matches() && m.group(6) != null) {
      try {
        return Integer.parseInt(m.group(6));
      } catch (NumberFormatException e) {
        return Integer.MAX_VALUE;
      }
    }
    return 1;
  }

  public static int sequenceOf(Path file) {
    return sequenceOf(file.getFileName().toString());
  }

  /** The kind a well-formed name declares; plain backups for anything else. */
  public static BackupKind kindOf(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? BackupKind.fromSuffix(m.group(5)) : BackupKind.BACKUP;
  }

  public static BackupKind kindOf(Path file) {
    return kindOf(file.getFileName().toString());
  }
}
