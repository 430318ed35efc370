package vpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpo.archive.BackupKind;
import vpo.backup.BackupRequest;
import vpo.backup.BackupService;
import vpo.backup.Destination;
import vpo.backup.LibraryBackup;
import vpo.catalog.BackupCatalog;
import vpo.catalog.RetentionPolicy;
import vpo.cli.render.BackupRenderer;
import vpo.cli.render.Rendering;
import vpo.home.VpoHome;
import vpo.library.Library;
import vpo.location.BackupLocation;
import vpo.location.LocationUri;
import vpo.schedule.BackupRun;
import vpo.schedule.Schedules;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up the library to a compressed archive, safely, while VPO keeps running.",
      "",
      "The archive holds one consistent snapshot of the library, checked with quick_check, and"
          + " appears under its name only when complete and verified. A damaged library is"
          + " refused. The destination may be a directory or an S3 prefix (s3://bucket/prefix/);"
          + " with recipients the archive is encrypted with age (.tar.gz.age).",
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backup                   to ~/.vpo/backups/vpo-library-<time>.tar.gz",
      "  vpo library backup -o /mnt/usb/      an auto-named archive in that directory",
      "  vpo library backup -o s3://bkt/vpo/  to an S3 bucket (AWS_* settings, or [s3])",
      "  vpo library backup --copy-to s3://bkt/vpo        here, then a copy off the machine",
      "  vpo library backup --recipient age1...           encrypted (.tar.gz.age)",
      "  vpo library backup -o - | ssh host 'cat > lib.tar.gz'",
      "  vpo library backup --if-changed --prune          as a schedule runs it",
      "  vpo library backup --dry-run         what would be written, and its size"
    })
final class LibraryBackupCommand extends ReportingCommand {
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH|DIR/|s3://...|-",
      description =
          "Archive file, or directory (existing, or ending in /) or s3://bucket/prefix/ for an"
              + " auto-named archive, or - for standard output. Default: the backup directory.")
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

  @Option(
      names = "--if-changed",
      description =
          "Write nothing when the library is exactly as its newest backup there holds it.")
  boolean ifChanged;

  @Option(
      names = "--copy-to",
      paramLabel = "LOCATION",
      description = "Then copy the new backup there too (repeatable); adds to [backup] copy_to.")
  List<String> copyTo = new ArrayList<>();

  @Option(
      names = "--recipient",
      paramLabel = "AGE1...",
      description = "Encrypt to this age public key (repeatable, like age -r).")
  List<String> recipients = new ArrayList<>();

  @Option(
      names = "--recipients-file",
      paramLabel = "PATH",
      description = "Encrypt to the public keys in this file (like age -R).")
  Path recipientsFile;

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
    VpoHome home = session.home();
    BackupService service =
        new BackupService(
            VpoCommand.Version.number(),
            TerminalProgress.forSession(
                session, json, "the backup was stopped; no archive was written"));
    try (OpenLocations locations = new OpenLocations(session)) {
      Destination destination = destination(locations);
      BackupRequest request =
          new BackupRequest(
              destination,
              force,
              level,
              BackupKind.BACKUP,
              home.recipients(recipients, recipientsFile));
      if (dryRun) {
        try (Library library = session.openLibrary(Library.Mode.READ)) {
          return BackupRenderer.plan(service.plan(library, request));
        }
      }
      return backUp(service, request, destination, locations);
    }
  }

  private Rendering backUp(
      BackupService service,
      BackupRequest request,
      Destination destination,
      OpenLocations locations) {
    VpoHome home = session.home();
    // Every run is recorded, so a failing schedule shows in info and backups.
    Instant started = Instant.now();
    Schedules schedules = session.schedules();
    boolean scheduled = BackupRun.isScheduled(session.environment().env());
    Path db = session.paths().database();
    try {
      List<BackupLocation> copies = new ArrayList<>();
      for (LocationUri uri : copyLocations()) {
        copies.add(locations.open(uri));
      }
      RetentionPolicy policy = prune ? configuredRetention() : null;
      LibraryBackup.Outcome outcome;
      try (Library library = session.openLibrary(Library.Mode.READ)) {
        LibraryBackup.Order order =
            new LibraryBackup.Order(
                request,
                ifChanged,
                home.owner(),
                destination instanceof Destination.At at
                    ? new BackupCatalog(at.location(), home.identities(List.of()))
                    : null,
                copies,
                policy,
                policy == null
                    ? null
                    : new BackupCatalog(
                        locations.open(home.backupLocation()), home.identities(List.of())));
        outcome =
            LibraryBackup.run(
                service,
                library,
                order,
                TerminalProgress.forSession(
                    session,
                    json,
                    "the copy was stopped; nothing was written there (the backup itself is"
                        + " complete)"));
      }
      Rendering rendering = BackupRenderer.outcome(outcome);
      schedules.record(
          outcome.skipped()
              ? BackupRun.skipped(
                  db,
                  started,
                  Instant.now(),
                  outcome.unchangedSince() == null ? null : outcome.unchangedSince().path(),
                  scheduled)
              : rendering.failure() != null
                  ? BackupRun.failed(
                      db,
                      started,
                      Instant.now(),
                      session.errors().describeFailure(rendering.failure()),
                      ExitCodes.of(rendering.failure()).exit(),
                      scheduled)
                  : BackupRun.succeeded(
                      db,
                      started,
                      Instant.now(),
                      outcome.written().archive() == null
                          ? "standard output"
                          : outcome.written().archive(),
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
   * Reads {@code -o}: {@code -} is standard output; {@code s3://...} an S3 prefix, or an archive in
   * one when it ends in {@code .tar.gz[.age]}; a name ending in {@code /} or an existing directory
   * a directory for an auto-named archive; anything else a file. Absent: the backup directory.
   */
  private Destination destination(OpenLocations locations) {
    if (output == null) {
      return new Destination.At(locations.open(session.home().backupLocation()), null, false, true);
    }
    if (toStdout()) {
      return new Destination.Stream(session.environment().stdout());
    }
    LocationUri.Target target = LocationUri.parseDestination(output, session.environment().cwd());
    return new Destination.At(locations.open(target.location()), target.name(), force, false);
  }

  /** {@code --copy-to}, then {@code [backup] copy_to}. */
  private List<LocationUri> copyLocations() {
    List<LocationUri> all = new ArrayList<>();
    for (String c : copyTo) {
      all.add(LocationUri.parseLocation(c, session.environment().cwd()));
    }
    all.addAll(session.home().configuredCopies());
    return all;
  }

  private boolean toStdout() {
    return "-".equals(output);
  }

  /** With the archive on stdout, the summary goes to stderr. */
  @Override
  PrintWriter textOut() {
    return toStdout() ? session.environment().err() : super.textOut();
  }

  /** The configured retention; without rules there, warns and prunes nothing. */
  private RetentionPolicy configuredRetention() {
    RetentionPolicy policy = RetentionPolicy.configured(session.config());
    if (!policy.hasRule()) {
      session.warn(
          "--prune: no keep_* rules in the [backup] section of "
              + session.paths().configFile()
              + "; nothing was pruned");
      return null;
    }
    return policy;
  }
}
