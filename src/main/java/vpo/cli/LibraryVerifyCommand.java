package vpo.cli;

import picocli.CommandLine.Command;
import vpo.cli.render.LibraryRenderer;
import vpo.cli.render.Rendering;
import vpo.library.Library;
import vpo.library.LibraryMaintenance;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check the library with PRAGMA integrity_check and foreign_key_check.",
      "Exits 0 only when both are clean."
    },
    footer = {"", "Examples:", "  vpo library verify", "  vpo library verify --json"})
final class LibraryVerifyCommand extends ReportingCommand {
  LibraryVerifyCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    try (Library library = session.openLibrary(Library.Mode.READ)) {
      return LibraryRenderer.verify(LibraryMaintenance.verify(library));
    }
  }
}
