package vpo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vpo.backup.RestorePreview;
import vpo.backup.RestoreRequest;
import vpo.backup.RestoreResult;
import vpo.backup.RestoreService;

@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore the library from a backup archive, keeping a copy of the current one.",
      "",
      "The whole archive is validated first (checksums, structure, quick_check); nothing is"
          + " touched if it is bad. The current library is saved as a -pre-restore archive,"
          + " then replaced in one atomic step. Refused while another program has the library"
          + " open.",
    },
    footer = {
      "",
      "Examples:",
      "  vpo library restore ~/.vpo/backups/vpo-library-2026-02-05T14-30-22Z.tar.gz",
      "  vpo library restore backup.tar.gz --dry-run     validate and describe only",
      "  vpo library restore backup.tar.gz --yes --json  no prompt, machine-readable",
      "  ssh host 'cat lib.tar.gz' | vpo library restore - --yes",
      "",
      "Undo a restore by restoring the -pre-restore archive it printed."
    })
final class LibraryRestoreCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(
      index = "0",
      paramLabel = "ARCHIVE|-",
      description = "The archive to restore, or - to read it from standard input.")
  String archive;

  @Option(names = "--yes", description = "Replace the existing library without asking.")
  boolean yes;

  @Option(names = "--dry-run", description = "Validate fully and report; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  @Option(
      names = "--no-safety-backup",
      description = "Do not save the current library first (it cannot be undone then).")
  boolean noSafetyBackup;

  LibraryRestoreCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    Environment env = session.environment();
    boolean stdin = "-".equals(archive);
    RestoreRequest request =
        new RestoreRequest(
            stdin ? null : env.cwd().resolve(archive).toAbsolutePath().normalize(),
            stdin ? env.stdin() : null,
            session.paths().database(),
            session.paths().backupDir(),
            !noSafetyBackup);
    RestoreService service =
        new RestoreService(VpoCommand.Version.number(), TerminalProgress.forSession(session, json));
    if (dryRun) {
      printPreview(service.preview(request));
      return 0;
    }
    if (noSafetyBackup && !json) {
      session.warn("--no-safety-backup: the current library will not be saved first");
    }
    RestoreResult result =
        service.restore(
            request,
            preview -> {
              showWarnings(preview);
              Prompt.confirm(
                  session,
                  "This replaces the library at "
                      + request.library()
                      + " ("
                      + schemaNote(preview)
                      + ") with the backup from "
                      + Output.time(preview.createdAt())
                      + " ("
                      + Output.count(preview.fileCount())
                      + " files).",
                  yes,
                  json || stdin,
                  "restoring over the existing library");
            });
    printResult(result);
    return 0;
  }

  private void showWarnings(RestorePreview p) {
    if (!json) {
      p.warnings().forEach(session::warn);
    }
  }

  private static String schemaNote(RestorePreview p) {
    Integer current = p.librarySchemaVersion();
    if (current == null || current == p.schemaVersion()) {
      return "schema " + p.schemaVersion();
    }
    return "schema " + current + " now, " + p.schemaVersion() + " in the backup";
  }

  private void printPreview(RestorePreview p) {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("dry_run", true);
      doc.put("valid", true);
      doc.put("backup_path", p.source());
      doc.put("created_at", Output.isoTime(p.createdAt()));
      doc.put("vpo_version", p.vpoVersion());
      doc.put("schema_version", p.schemaVersion());
      doc.put("current_schema_version", p.currentSchemaVersion());
      doc.put("library_schema_version", p.librarySchemaVersion());
      doc.put("schema_mismatch", p.schemaMismatch());
      doc.put("database_size_bytes", p.databaseSizeBytes());
      doc.put("file_count", p.fileCount());
      doc.put("library_exists", p.libraryExists());
      doc.put("warnings", p.warnings());
      Output.printJson(session.environment().out(), doc);
      return;
    }
    var out = session.environment().out();
    out.println("Archive:      " + p.source() + " (valid)");
    out.println("Created:      " + Output.time(p.createdAt()) + " by vpo " + p.vpoVersion());
    out.println(
        "Schema:       "
            + p.schemaVersion()
            + (p.schemaMismatch()
                ? " (this vpo uses " + p.currentSchemaVersion() + "; it would be migrated)"
                : ""));
    out.println("Database:     " + Output.size(p.databaseSizeBytes()));
    out.println("Files:        " + Output.count(p.fileCount()));
    out.println(
        "Would:        "
            + (p.libraryExists()
                ? "replace the library at " + session.paths().database()
                : "create the library at " + session.paths().database()));
    p.warnings().forEach(w -> out.println("Note:         " + w));
    out.println("Nothing was changed (--dry-run).");
  }

  private void printResult(RestoreResult r) {
    RestorePreview p = r.preview();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", true);
      doc.put("source_path", p.source());
      doc.put("database_path", r.library().toString());
      doc.put("duration_seconds", Output.seconds(r.duration()));
      doc.put("schema_mismatch", p.schemaMismatch());
      doc.put("file_count", p.fileCount());
      doc.put("safety_backup_path", pathOrNull(r.safetyBackup()));
      doc.put("migrated_from_schema", r.migratedFrom());
      doc.put("warnings", p.warnings());
      Output.printJson(session.environment().out(), doc);
      return;
    }
    var out = session.environment().out();
    out.println("Restored:     " + r.library());
    out.println("From:         " + p.source() + " (" + Output.time(p.createdAt()) + ")");
    out.println("Files:        " + Output.count(p.fileCount()));
    if (r.migratedFrom() != null) {
      out.println("Migrated:     schema " + r.migratedFrom() + " to " + p.currentSchemaVersion());
    }
    if (r.safetyBackup() != null) {
      out.println("Safety copy:  " + r.safetyBackup());
      out.println("              (undo with: vpo library restore " + r.safetyBackup() + ")");
    }
    out.println("Took:         " + Output.duration(r.duration()));
  }

  private static String pathOrNull(Path p) {
    return p == null ? null : p.toString();
  }
}
