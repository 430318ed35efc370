package vpo.cli;

import picocli.CommandLine.Command;
import vpo.catalog.BackupCatalog;
import vpo.cli.render.LibraryRenderer;
import vpo.cli.render.Rendering;
import vpo.library.Library;
import vpo.library.LibraryInfo;
import vpo.library.LibraryMaintenance;

@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show the library's location, size, schema and contents.",
    footer = {"", "Examples:", "  vpo library info", "  vpo library info --json --db /srv/vpo.db"})
final class LibraryInfoCommand extends ReportingCommand {
  LibraryInfoCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    LibraryInfo info;
    try (Library library = session.openLibrary(Library.Mode.READ)) {
      info = LibraryMaintenance.info(library);
    }
    return LibraryRenderer.info(
        info, new BackupCatalog(session.paths().backupDir()).newest(), session.startedAt());
  }
}
