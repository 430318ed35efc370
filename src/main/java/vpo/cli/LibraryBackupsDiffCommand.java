package vpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vpo.cli.render.DiffRenderer;
import vpo.cli.render.Rendering;
import vpo.library.LibraryDifference;
import vpo.location.LocationUri;
import vpo.restore.RestoreRequest;
import vpo.restore.RestoreService;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "What restoring archive A would change: in the library (or in archive B), per table, the"
          + " rows it would remove, bring back and change, and for files the first few paths.",
      "Both archives are validated as fully as a restore validates them; the library is only"
          + " read, so one in use can be compared. Nothing is written."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backups diff backup.tar.gz               against the library",
      "  vpo library backups diff new.tar.gz old.tar.gz --show 20   against another archive",
      "  vpo library backups diff s3://bkt/vpo/vpo-library-...tar.gz --json"
    })
final class LibraryBackupsDiffCommand extends ReportingCommand {
  @Parameters(index = "0", paramLabel = "A", description = "The archive that would be restored.")
  String archive;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "B",
      description = "The archive it would replace (default: the library).")
  String other;

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
      description = "A key that opens encrypted archives (repeatable, like age -i).")
  List<Path> identities = new ArrayList<>();

  LibraryBackupsDiffCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    if (show < 0) {
      throw new UsageException("--show must be 0 or more", "e.g. --show 20");
    }
    if ("-".equals(archive) && "-".equals(other)) {
      throw new UsageException("only one archive can come from standard input", null);
    }
    Path library = session.paths().database();
    RestoreService service =
        new RestoreService(
            TerminalProgress.forSession(
                session, json, "the comparison was stopped; nothing was changed"));
    try (OpenLocations locations = new OpenLocations(session)) {
      RestoreRequest a = request(archive, locations);
      RestoreRequest b = other == null ? null : request(other, locations);
      RestoreService.Comparison c = service.difference(a, b, library, show);
      String replaced = b == null ? library.toString() : b.sourceName();
      return of(c.difference(), replaced, a.sourceName(), c.archiveSchemaVersion());
    }
  }

  private RestoreRequest request(String arg, OpenLocations locations) {
    Environment env = session.environment();
    RestoreRequest.Source source;
    if ("-".equals(arg)) {
      source = new RestoreRequest.Source.Stream(env.stdin());
    } else {
      LocationUri.Target target = LocationUri.parseArchive(arg, env.cwd());
      source = new RestoreRequest.Source.Stored(locations.open(target.location()), target.name());
    }
    return new RestoreRequest(
        source,
        session.paths().database(),
        session.paths().backupDir(),
        false,
        session.home().identities(identities));
  }

  private static Rendering of(
      LibraryDifference d, String replaced, String restored, int restoredSchema) {
    return new Rendering() {
      @Override
      public void text(PrintWriter out) {
        out.println("Restoring " + restored);
        out.println("     over " + replaced + ":");
        DiffRenderer.text(out, d, false);
      }

      @Override
      public Map<String, Object> json() {
        return DiffRenderer.json(d, replaced, restored, restoredSchema);
      }
    };
  }
}
