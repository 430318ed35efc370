package vpo.cli;

import picocli.CommandLine.Command;
import vpo.catalog.BackupCatalog;
import vpo.catalog.BackupEntry;
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
    BackupEntry newest = new BackupCatalog(session.paths().backupDir()).newest();
    return LibraryRenderer.info(info, newest, session.startedAt())
        .withWarning(
            session
                .schedules()
                .warning(session.startedAt(), newest == null ? null : newest.createdAt()));
  }
}
