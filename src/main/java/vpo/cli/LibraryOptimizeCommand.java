package vpo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.cli.render.LibraryRenderer;
import vpo.cli.render.Rendering;
import vpo.library.Library;
import vpo.library.LibraryMaintenance;

@Command(
    name = "optimize",
    mixinStandardHelpOptions = true,
    description = {
      "Compact the library (VACUUM) and refresh the query planner's statistics (ANALYZE).",
      "Rewrites the whole file: other programs using the library wait until it is done."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library optimize --dry-run     show what would be reclaimed",
      "  vpo library optimize --yes"
    })
final class LibraryOptimizeCommand extends ReportingCommand {
  @Option(names = "--dry-run", description = "Report what would be reclaimed; change nothing.")
  boolean dryRun;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  LibraryOptimizeCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    try (Library library = session.openLibrary(dryRun ? Library.Mode.READ : Library.Mode.WRITE)) {
      if (dryRun) {
        return LibraryRenderer.optimize(LibraryMaintenance.planOptimize(library));
      }
      Prompt.confirm(
          session,
          "This rewrites the library at " + library.path() + ".",
          yes,
          json,
          "optimizing the library");
      return LibraryRenderer.optimize(LibraryMaintenance.optimize(library));
    }
  }
}
