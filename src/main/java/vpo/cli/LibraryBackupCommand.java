package vpo.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpo.backup.BackupKind;
import vpo.backup.BackupPlan;
import vpo.backup.BackupRequest;
import vpo.backup.BackupResult;
import vpo.backup.BackupService;
import vpo.backup.Pruner;
import vpo.backup.RetentionPolicy;
import vpo.library.Library;

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
final class LibraryBackupCommand implements Callable<Integer> {
  private final Session session;
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

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

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
    this.session = session;
  }

  @Override
  public Integer call() {
    if (level < 1 || level > 9) {
      throw new ParameterException(spec.commandLine(), "--level must be from 1 to 9");
    }
    boolean toStdout = "-".equals(output);
    if (toStdout && json) {
      throw new ParameterException(
          spec.commandLine(), "--json cannot share standard output with the archive (-o -)");
    }
    BackupRequest request =
        new BackupRequest(
            output,
            session.environment().cwd(),
            session.paths().backupDir(),
            session.environment().stdout(),
            force,
            level,
            BackupKind.BACKUP);
    BackupService service =
        new BackupService(VpoCommand.Version.number(), TerminalProgress.forSession(session, json));
    try (Library library = session.openLibrary(Library.Access.READ)) {
      if (dryRun) {
        printPlan(service.plan(library, request));
        return 0;
      }
      BackupResult result = service.create(library, request);
      Pruner.Result pruned = prune ? pruneAfterBackup() : null;
      printResult(result, pruned, toStdout);
    }
    return 0;
  }

  /** Applies the configured retention; without rules there, warns and deletes nothing. */
  private Pruner.Result pruneAfterBackup() {
    RetentionPolicy policy = PruneRunner.policy(session.config(), null, null, null, null, false);
    if (!policy.hasRule()) {
      session.warn(
          "--prune: no keep_* rules in the [backup] section of "
              + session.paths().configFile()
              + "; nothing was pruned");
      return null;
    }
    return PruneRunner.run(session, policy, false);
  }

  private void printResult(BackupResult r, Pruner.Result pruned, boolean toStdout) {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", true);
      doc.put("path", r.path() == null ? null : r.path().toString());
      doc.put("archive_size_bytes", r.archiveSizeBytes());
      doc.put("database_size_bytes", r.databaseSizeBytes());
      doc.put("compression_ratio", r.compressionRatio());
      doc.put("file_count", r.fileCount());
      doc.put("schema_version", r.schemaVersion());
      doc.put("created_at", Output.isoTime(r.createdAt()));
      doc.put("duration_seconds", Output.seconds(r.duration()));
      doc.put("sha256", r.sha256());
      doc.put("database_sha256", r.databaseSha256());
      doc.put("kind", r.kind().label());
      if (r.quickCheck() != null) {
        doc.put("quick_check", r.quickCheck());
      }
      if (pruned != null) {
        doc.put("prune", PruneRunner.json(pruned));
      }
      Output.printJson(session.environment().out(), doc);
      return;
    }
    // With the archive on stdout, the summary goes to stderr.
    var out = toStdout ? session.environment().err() : session.environment().out();
    out.println("Backup:    " + (r.path() == null ? "standard output" : r.path()));
    out.println("Database:  " + Output.size(r.databaseSizeBytes()));
    out.println(
        "Archive:   "
            + Output.size(r.archiveSizeBytes())
            + String.format(
                java.util.Locale.ROOT, " (%.1f%% smaller)", r.compressionRatio() * 100));
    out.println("Files:     " + Output.count(r.fileCount()));
    out.println("Took:      " + Output.duration(r.duration()));
    if (r.quickCheck() != null) {
      out.println("Warning:   the library is damaged (" + r.quickCheck() + "); archived anyway");
    }
    if (pruned != null) {
      PruneRunner.printOutcome(out, pruned);
    }
    out.flush();
  }

  private void printPlan(BackupPlan p) {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", true);
      doc.put("dry_run", true);
      doc.put("path", p.path() == null ? null : p.path().toString());
      doc.put("database_size_bytes", p.databaseSizeBytes());
      doc.put("estimated_archive_min_bytes", p.estimatedArchiveMinBytes());
      doc.put("estimated_archive_max_bytes", p.estimatedArchiveMaxBytes());
      doc.put("file_count", p.fileCount());
      doc.put("schema_version", p.schemaVersion());
      doc.put("free_bytes", p.freeBytes());
      Output.printJson(session.environment().out(), doc);
      return;
    }
    var out = toStdoutAware();
    out.println("Would write: " + (p.path() == null ? "standard output" : p.path()));
    out.println("Database:    " + Output.size(p.databaseSizeBytes()));
    out.println(
        "Archive:     about "
            + Output.size(p.estimatedArchiveMinBytes())
            + " to "
            + Output.size(p.estimatedArchiveMaxBytes()));
    out.println("Files:       " + Output.count(p.fileCount()));
    out.println("Schema:      " + p.schemaVersion());
    if (p.freeBytes() >= 0) {
      out.println("Free there:  " + Output.size(p.freeBytes()));
    }
    out.println("Nothing was written (--dry-run).");
  }

  private java.io.PrintWriter toStdoutAware() {
    return "-".equals(output) ? session.environment().err() : session.environment().out();
  }
}
