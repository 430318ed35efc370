package vpo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vpo.cli.render.DiffRenderer;
import vpo.cli.render.Formats;
import vpo.cli.render.Rendering;
import vpo.cli.render.RestoreRenderer;
import vpo.location.LocationUri;
import vpo.restore.RestorePreview;
import vpo.restore.RestoreRequest;
import vpo.restore.RestoreService;

@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore the library from a backup archive (local, s3:// or age-encrypted) or a library"
          + " file, keeping the current one.",
      "",
      "The whole archive is validated first (checksums, structure, quick_check); nothing is"
          + " touched if it is bad. --dry-run and the prompt say what the restore would change."
          + " The current library is kept in the backup directory as a -pre-restore.db copy"
          + " (on the same disk at no cost: the file itself), then replaced in one atomic"
          + " step. Refused while another program has the library open.",
    },
    footer = {
      "",
      "Examples:",
      "  vpo library restore ~/.vpo/backups/vpo-library-2026-02-05T14-30-22Z.tar.gz",
      "  vpo library restore backup.tar.gz --dry-run     validate and describe only",
      "  vpo library restore backup.tar.gz --yes --json  no prompt, machine-readable",
      "  ssh host 'cat lib.tar.gz' | vpo library restore - --yes",
      "",
      "Undo a restore by restoring the -pre-restore.db copy it printed."
    })
final class LibraryRestoreCommand extends ReportingCommand implements Cli.BringsTheLibrary {
  @Parameters(
      index = "0",
      paramLabel = "ARCHIVE|-",
      description = "The archive to restore, or - to read it from standard input.")
  String archive;

  @Option(names = "--yes", description = "Replace the existing library without asking.")
  boolean yes;

  @Option(names = "--dry-run", description = "Validate fully and report; change nothing.")
  boolean dryRun;

  @Option(
      names = "--show",
      paramLabel = "N",
      description =
          "How many paths of files removed, brought back and changed to show (default:"
              + " ${DEFAULT-VALUE}; 0 for none).",
      defaultValue = "5")
  int show;

  @Option(
      names = "--identity",
      paramLabel = "KEYFILE",
      description = "A key that opens an encrypted archive (repeatable, like age -i).")
  List<Path> identities = new ArrayList<>();

  @Option(
      names = "--no-safety-backup",
      description = "Do not save the current library first (it cannot be undone then).")
  boolean noSafetyBackup;

  LibraryRestoreCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    Environment env = session.environment();
    boolean stdin = "-".equals(archive);
    if (stdin && !yes && !dryRun && RestoreService.hasData(session.paths().database())) {
      // Decided before a byte is read: nobody can answer a question on the archive's stream.
      throw DeclinedException.cannotAsk(
          "restoring from standard input over the existing library needs --yes (standard input"
              + " carries the archive, so there is nobody to ask)",
          "pass --yes to confirm; nothing was read or changed");
    }
    if (stdin && env.stdinTerminal()) {
      throw new UsageException(
          "'-' reads the archive from standard input, which is a terminal",
          "pipe the archive in: cat ARCHIVE | vpo library restore - --yes");
    }
    try (OpenLocations locations = new OpenLocations(session)) {
      return restore(stdin, locations);
    }
  }

  private Rendering restore(boolean stdin, OpenLocations locations) {
    Environment env = session.environment();
    RestoreRequest.Source source;
    if (stdin) {
      source = new RestoreRequest.Source.Stream(env.stdin());
    } else {
      LocationUri.Target target = LocationUri.parseArchive(archive, env.cwd());
      source = new RestoreRequest.Source.Stored(locations.open(target.location()), target.name());
    }
    RestoreRequest request =
        new RestoreRequest(
            source,
            session.paths().database(),
            session.paths().backupDir(),
            !noSafetyBackup,
            session.home().identities(identities));
    RestoreService service =
        new RestoreService(
            TerminalProgress.forSession(
                session, json, "the restore was stopped; the library was not changed"));
    if (dryRun) {
      if (show < 0) {
        throw new UsageException("--show must be 0 or more", "e.g. --show 20");
      }
      return RestoreRenderer.preview(service.preview(request, show), request.library());
    }
    if (noSafetyBackup && !json) {
      session.warn("--no-safety-backup: the current library will not be saved first");
    }
    return RestoreRenderer.result(
        service.restore(
            request,
            (preview, changes) -> {
              showWarnings(preview);
              if (!yes && !json && env.stdinTerminal()) {
                // What a yes would do, before the question.
                DiffRenderer.text(env.err(), changes.get(), false);
                env.err().println();
              }
              Prompt.confirm(
                  session,
                  "This replaces the library at "
                      + request.library()
                      + " ("
                      + schemaNote(preview)
                      + ") with the backup from "
                      + Formats.time(preview.createdAt())
                      + " ("
                      + Formats.count(preview.fileCount())
                      + " files).",
                  yes,
                  json,
                  "restoring over the existing library");
            }),
        session.hints());
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
}
