package vpo.schedule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a scheduled backup runs: the exact argument list and the environment the service manager
 * gives it. Every string in it is checked once here, so that each renderer can write it into its
 * file format exactly.
 *
 * @param command the program (absolute) and its arguments
 * @param environment the variables the job sets, sorted by name; always holds {@code
 *     VPO_SCHEDULED=1}
 * @param withheld names of variables the caller passed that hold secrets and are therefore not
 *     written into the job (the caller says so to the user); empty for a job read back from disk
 */
public record BackupJob(
    List<String> command, Map<String, String> environment, List<String> withheld) {

  /** Set to {@code 1} in every scheduled job, so the run's record says it came from a schedule. */
  public static final String SCHEDULED_ENV = "VPO_SCHEDULED";

  /**
   * Variables never written into a unit file, a plist or a crontab: those files are read by backup
   * tools, dotfile repositories and other programs. A scheduled job gets AWS credentials the way
   * the AWS tools intend: from the profile ({@code AWS_PROFILE}) in {@code ~/.aws/credentials},
   * read when the job runs.
   */
  static final Set<String> SECRET_NAMES =
      Set.of(
          "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN");

  private static final Pattern SECRET_WORDS =
      Pattern.compile(".*(SECRET|TOKEN|PASSWORD|PASSPHRASE).*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public BackupJob {
    command = List.copyOf(command);
    environment = java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
    withheld = List.copyOf(withheld);
    if (command.isEmpty() || !Path.of(command.get(0)).isAbsolute()) {
      throw new IllegalArgumentException("the program must be an absolute path: " + command);
    }
    for (String word : command) {
      requireWritable(word, "the command line");
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (!NAME.matcher(e.getKey()).matches()) {
        throw new ScheduleException(
            "cannot schedule a job with the environment variable name '" + e.getKey() + "'",
            "variable names are letters, digits and '_'");
      }
      requireWritable(e.getValue(), "the variable " + e.getKey());
    }
  }

  /**
   * The job for {@code vpo [--db DB] [--config CONFIG] library backup --if-changed [--prune]
   * [--copy-to LOCATION]...}.
   *
   * @param program how to start vpo: the absolute path of the {@code vpo} launcher, or e.g. {@code
   *     [/usr/bin/java, -jar, /opt/vpo/vpo.jar]}
   * @param db the {@code --db} the user gave, or null; made absolute
   * @param config the {@code --config} the user gave, or null; made absolute
   * @param environment the variables that chose the library or reach a location ({@code
   *     VPO_DATA_DIR}, {@code VPO_DATABASE_PATH}, {@code VPO_CONFIG_PATH}, {@code AWS_PROFILE},
   *     {@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, {@code PATH}, ...); secrets among them are
   *     left out and named in {@link #withheld()}
   */
  public static BackupJob of(
      List<String> program,
      Path db,
      Path config,
      boolean prune,
      List<String> copyTo,
      Map<String, String> environment) {
    List<String> command = new ArrayList<>(program);
    if (db != null) {
      command.add("--db");
      command.add(db.toAbsolutePath().normalize().toString());
    }
    if (config != null) {
      command.add("--config");
      command.add(config.toAbsolutePath().normalize().toString());
    }
    command.addAll(List.of("library", "backup", "--if-changed"));
    if (prune) {
      command.add("--prune");
    }
    for (String location : copyTo) {
      command.add("--copy-to");
      command.add(location);
    }
    Map<String, String> kept = new TreeMap<>();
    List<String> withheld = new ArrayList<>();
    environment.forEach(
        (name, value) -> {
          if (isSecret(name)) {
            withheld.add(name);
          } else if (value != null) {
            kept.put(name, value);
          }
        });
    kept.put(SCHEDULED_ENV, "1");
    withheld.sort(null);
    return new BackupJob(command, kept, withheld);
  }

  /** Whether a variable of this name is a credential, never written into a job's files. */
  public static boolean isSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return SECRET_NAMES.contains(upper) || SECRET_WORDS.matcher(upper).matches();
  }

  /** The program: the first word of the command. */
  public String program() {
    return command.get(0);
  }

  /**
   * Refuses text that no unit file, plist or crontab can carry exactly: control characters (a
   * newline would end a unit file's line, and XML 1.0 cannot hold most of them) and what is not
   * Unicode text (lone surrogates, U+FFFE, U+FFFF).
   */
  static void requireWritable(String text, String where) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean bad = c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff;
      if (Character.isHighSurrogate(c)) {
        bad = i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        i++;
      } else if (Character.isLowSurrogate(c)) {
        bad = true;
      }
      if (bad) {
        throw new ScheduleException(
            where + " of a scheduled backup cannot hold '" + printable(text) + "'",
            "it holds a control character or a byte that is not text; use a path without them");
      }
    }
  }

  private static String printable(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\x%02x", cp));
              } else if (cp == 0xfffe || cp == 0xffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", cp));
              } else {
                b.appendCodePoint(cp);
              }
            });
    return b.toString();
  }
}
