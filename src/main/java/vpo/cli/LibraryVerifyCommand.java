package vpo.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.library.Library;
import vpo.library.LibraryMaintenance;
import vpo.library.VerifyReport;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check the library with PRAGMA integrity_check and foreign_key_check.",
      "Exits 0 only when both are clean."
    },
    footer = {"", "Examples:", "  vpo library verify", "  vpo library verify --json"})
final class LibraryVerifyCommand implements Callable<Integer> {
  private static final int SHOWN = 20;
  private final Session session;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  LibraryVerifyCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    VerifyReport report;
    try (Library library = session.openLibrary(Library.Access.READ)) {
      report = LibraryMaintenance.verify(library);
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", report.ok());
      doc.put("path", report.path().toString());
      doc.put("integrity_ok", report.integrityProblems().isEmpty());
      doc.put("foreign_keys_ok", report.foreignKeyProblemCount() == 0);
      doc.put("integrity_problems", report.integrityProblems());
      doc.put("foreign_key_problems", report.foreignKeyProblems());
      doc.put("foreign_key_problem_count", report.foreignKeyProblemCount());
      Output.printJson(session.environment().out(), doc);
    } else {
      var out = session.environment().out();
      out.println("Library:      " + report.path());
      out.println("Integrity:    " + summary(report.integrityProblems().size()));
      out.println("Foreign keys: " + summary(report.foreignKeyProblemCount()));
      report.integrityProblems().stream().limit(SHOWN).forEach(l -> out.println("  " + l));
      report.foreignKeyProblems().stream().limit(SHOWN).forEach(l -> out.println("  " + l));
      if (!report.ok()) {
        session
            .environment()
            .err()
            .println(
                "Error: library is damaged; restore a backup with 'vpo library restore', or"
                    + " repair it with sqlite3's .recover");
      }
    }
    return report.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static String summary(long problems) {
    return problems == 0 ? "ok" : Output.count(problems) + " problem" + (problems == 1 ? "" : "s");
  }
}
