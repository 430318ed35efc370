package vpo.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.library.Library;
import vpo.library.LibraryMaintenance;
import vpo.library.OptimizeReport;

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
final class LibraryOptimizeCommand implements Callable<Integer> {
  private final Session session;

  @Option(names = "--dry-run", description = "Report what would be reclaimed; change nothing.")
  boolean dryRun;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  LibraryOptimizeCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    OptimizeReport report;
    try (Library library =
        session.openLibrary(dryRun ? Library.Access.READ : Library.Access.WRITE)) {
      if (dryRun) {
        report = LibraryMaintenance.planOptimize(library);
      } else {
        Prompt.confirm(
            session, "This rewrites the library at " + library.path() + ".", yes, json, "optimize");
        vpo.fs.FreeSpace.require(
            library.path().toAbsolutePath().getParent(),
            LibraryMaintenance.info(library).sizeOnDiskBytes() * 2,
            "optimizing the library");
        report = LibraryMaintenance.optimize(library);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", true);
      doc.put("dry_run", report.dryRun());
      doc.put("path", report.path().toString());
      doc.put("size_before_bytes", report.sizeBeforeBytes());
      doc.put("size_after_bytes", report.sizeAfterBytes());
      doc.put("reclaimed_bytes", report.reclaimedBytes());
      doc.put("free_pages_before", report.freePagesBefore());
      Output.printJson(session.environment().out(), doc);
    } else {
      var out = session.environment().out();
      out.println("Library:     " + report.path());
      out.println("Size before: " + Output.size(report.sizeBeforeBytes()));
      out.println(
          (report.dryRun() ? "Would free:  " : "Reclaimed:   ")
              + Output.size(report.reclaimedBytes())
              + " ("
              + Output.count(report.freePagesBefore())
              + " free pages)");
      if (!report.dryRun()) {
        out.println("Size after:  " + Output.size(report.sizeAfterBytes()));
      }
    }
    return 0;
  }
}
