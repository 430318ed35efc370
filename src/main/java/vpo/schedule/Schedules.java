package vpo.schedule;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule of one library, as the commands use it: the job a schedule runs (the same library
 * options the user gave), enabling, reading back and disabling it, and whether backups are keeping
 * up ({@link BackupHealth}).
 */
public final class Schedules {
  private static final Logger log = LoggerFactory.getLogger(Schedules.class);

  /**
   * Variables a scheduled job carries when the user's environment has them: what chose the library,
   * what reaches a backup location, what finds Java, and the locale Java decodes file names and
   * arguments with (cron and many units give none, and then Java reads any non-ASCII path, such as
   * {@code ~/Vidéos/library.db}, as invalid). Secrets among those the AWS chain reads are passed
   * only to be named as withheld ({@link BackupJob#withheld}).
   */
  private static final List<String> CARRIED =
      List.of(
          "VPO_DATABASE_PATH",
          "VPO_CONFIG_PATH",
          "AWS_PROFILE",
          "AWS_REGION",
          "AWS_DEFAULT_REGION",
          "AWS_ENDPOINT_URL",
          "AWS_ENDPOINT_URL_S3",
          "AWS_CONFIG_FILE",
          "AWS_SHARED_CREDENTIALS_FILE",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "PATH",
          "JAVA_HOME",
          "LANG",
          "LC_ALL",
          "LC_CTYPE");

  private final Path library;
  private final Path home;
  private final Path dataDir;
  private final Map<String, String> environment;
  private final ScheduleInstaller installer;

  /**
   * @param library the library's database
   * @param home the user's home
   * @param dataDir the data directory the job keeps its record of runs in
   * @param environment the process environment
   */
  public Schedules(
      Path library,
      Path home,
      Path dataDir,
      Map<String, String> environment,
      CommandRunner runner) {
    this.library = library.toAbsolutePath().normalize();
    this.home = home;
    this.dataDir = dataDir;
    this.environment = environment;
    this.installer = new ScheduleInstaller(Host.current(environment, home), runner);
  }

  /** The schedule's name for this library. */
  public ScheduleName name() {
    return ScheduleName.forLibrary(library, home);
  }

  /**
   * The scheduled backup of this library: {@code program library backup --if-changed} with the
   * {@code --db}/{@code --config} the user gave, every {@code schedule}.
   *
   * @param program how to start vpo (the launcher's absolute path)
   */
  public ScheduledBackup plan(
      Schedule schedule,
      List<String> program,
      Path dbFlag,
      Path configFlag,
      boolean prune,
      List<String> copyTo) {
    Map<String, String> env = new LinkedHashMap<>();
    // Always: the job writes the record of runs that status and info read, in this data dir.
    env.put("VPO_DATA_DIR", dataDir.toString());
    for (String name : CARRIED) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        env.put(name, value);
      }
    }
    BackupJob job = BackupJob.of(program, dbFlag, configFlag, prune, copyTo, env);
    return ScheduledBackup.of(library, home, dataDir, schedule, job);
  }

  /** The files {@code backup} installs, by path, with their text, for {@code --print}. */
  public Map<Path, String> files(ScheduledBackup backup) {
    List<Path> paths = installer.files(backup.name());
    Map<Path, String> files = new LinkedHashMap<>();
    if (paths.size() == 2) {
      files.put(paths.get(0), SystemdUnits.service(backup));
      files.put(paths.get(1), SystemdUnits.timer(backup));
    } else {
      files.put(paths.get(0), LaunchdAgent.plist(backup));
    }
    return files;
  }

  public EnableResult enable(ScheduledBackup backup) {
    return installer.enable(backup);
  }

  public DisableResult disable() {
    return installer.disable(name());
  }

  public ScheduleStatus status() {
    return installer.status(name());
  }

  /** The record of this library's backup runs. */
  public BackupRunLog runs() {
    return BackupRunLog.in(dataDir).forLibrary(library);
  }

  /** The last recorded run of this library, or empty (also when the record cannot be read). */
  public Optional<BackupRun> lastRun() {
    try {
      return runs().last();
    } catch (IOException e) {
      log.warn("cannot read the record of backup runs: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** Records a run; a record that cannot be written is logged and never fails the run. */
  public void record(BackupRun run) {
    try {
      runs().append(run);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot record the backup run: {}", e.getMessage());
    }
  }

  /**
   * The warning to show at the top of {@code info} and {@code backups}, or null: the last attempt
   * failed, or the newest backup is older than twice the schedule's period. Reads only files.
   */
  public String warning(Instant now, Instant newestBackup) {
    Schedule schedule;
    try {
      schedule = installer.installed(name()).map(ScheduledBackup::schedule).orElse(null);
    } catch (RuntimeException e) {
      log.debug("cannot read the schedule", e);
      schedule = null;
    }
    return BackupHealth.warning(now, newestBackup, schedule, lastRun().orElse(null));
  }
}
