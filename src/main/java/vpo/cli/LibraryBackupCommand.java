package vpo.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpo.archive.BackupKind;
import vpo.backup.BackupRequest;
import vpo.backup.BackupResult;
import vpo.backup.BackupService;
import vpo.backup.Destination;
import vpo.catalog.BackupCatalog;
import vpo.catalog.Pruner;
import vpo.catalog.RetentionPolicy;
import vpo.cli.render.BackupRenderer;
import vpo.cli.render.PruneRenderer;
import vpo.cli.render.Rendering;
import vpo.library.Library;
import vpo.schedule.BackupRun;
import vpo.schedule.Schedules;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up the library to a compressed archive, safely, while VPO keeps running.",
      "",
      "The archive holds one consistent snapshot of the library, checked with quick_check, and"
          + " appears under its name only when complete. A damaged library is refused.",
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backup                        to ~/.vpo/backups/vpo-library-<time>.tar.gz",
      "  vpo library backup -o /mnt/usb/           an auto-named archive in that directory",
      "  vpo library backup -o lib.tar.gz --force  exactly that file, replacing it",
      "  vpo library backup -o - | ssh host 'cat > lib.tar.gz'",
      "  vpo library backup --dry-run              what would be written, and its size",
      "  vpo library backup --prune                then apply [backup] keep_* from the config"
    })
final class LibraryBackupCommand extends ReportingCommand {
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH|-",
      description =
          "Archive file, or directory (existing, or ending in /) for an auto-named archive,"
              + " or - for standard output. Default: the backup directory.")
  String output;

  @Option(names = "--dry-run", description = "Show what would be written; create nothing.")
  boolean dryRun;

  @Option(
      names = "--level",
      paramLabel = "1-9",
      description = "gzip compression level (default: ${DEFAULT-VALUE}).",
      defaultValue = "6")
  int level;

  @Option(
      names = "--force",
      description = "Overwrite an existing -o file; archive a damaged library anyway.")
  boolean force;

  @Option(
      names = "--prune",
      description = "After the backup, delete old archives per the config's keep_* rules.")
  boolean prune;

  LibraryBackupCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    if (level < 1 || level > 9) {
      throw new ParameterException(spec.commandLine(), "--level must be from 1 to 9");
    }
    if (toStdout() && json) {
      throw new ParameterException(
          spec.commandLine(), "--json cannot share standard output with the archive (-o -)");
    }
    if (toStdout() && !dryRun && session.environment().stdoutTerminal()) {
      // As gzip refuses: binary on a terminal is noise, and the backup would be lost.
      throw new UsageException(
          "-o - writes the archive to standard output, which is a terminal",
          "redirect it to a file (vpo library backup -o - > library.tar.gz) or pipe it"
              + " (vpo library backup -o - | ssh host 'cat > library.tar.gz')");
    }
    BackupRequest request = new BackupRequest(destination(), force, level, BackupKind.BACKUP);
    BackupService service =
        new BackupService(VpoCommand.Version.number(), TerminalProgress.forSession(session, json));
    if (dryRun) {
      try (Library library = session.openLibrary(Library.Mode.READ)) {
        return BackupRenderer.plan(service.plan(library, request));
      }
    }
    // Every run is recorded, so a failing schedule shows in info and backups.
    Instant started = Instant.now();
    Schedules schedules = session.schedules();
    boolean scheduled = BackupRun.isScheduled(session.environment().env());
    Path db = session.paths().database();
    try {
      BackupResult result;
      try (Library library = session.openLibrary(Library.Mode.READ)) {
        result = service.create(library, request);
      }
      Rendering rendering = BackupRenderer.result(result, prune ? pruneAfterBackup() : null);
      schedules.record(
          BackupRun.succeeded(
              db,
              started,
              Instant.now(),
              result.path() == null ? "standard output" : result.path().toString(),
              scheduled));
      return rendering;
    } catch (RuntimeException e) {
      schedules.record(
          BackupRun.failed(
              db,
              started,
              Instant.now(),
              session.errors().describeFailure(e),
              ExitCodes.of(ErrorHandler.unwrap(e)).exit(),
              scheduled));
      throw e;
    }
  }

  /**
   * Reads {@code -o}: {@code -} is standard output, a name ending in {@code /} or an existing
   * directory is a directory for an auto-named archive, anything else a file. Absent: the backup
   * directory.
   */
  private Destination destination() {
    if (output == null) {
      return new Destination.Directory(session.paths().backupDir(), true);
    }
    if (toStdout()) {
      OutputStream stdout = session.environment().stdout();
      return new Destination.Stream(stdout);
    }
    Path p = session.environment().cwd().resolve(output).toAbsolutePath().normalize();
    if (output.endsWith("/") || Files.isDirectory(p)) {
      return new Destination.Directory(p, false);
    }
    return new Destination.File(p, force);
  }

  private boolean toStdout() {
    return "-".equals(output);
  }

  /** With the archive on stdout, the summary goes to stderr. */
  @Override
  PrintWriter textOut() {
    return toStdout() ? session.environment().err() : super.textOut();
  }

  /** Applies the configured retention; without rules there, warns and deletes nothing. */
  private Rendering pruneAfterBackup() {
    RetentionPolicy policy = RetentionPolicy.configured(session.config());
    if (!policy.hasRule()) {
      session.warn(
          "--prune: no keep_* rules in the [backup] section of "
              + session.paths().configFile()
              + "; nothing was pruned");
      return null;
    }
    return PruneRenderer.nested(
        Pruner.prune(new BackupCatalog(session.paths().backupDir()), policy, false));
  }
}
