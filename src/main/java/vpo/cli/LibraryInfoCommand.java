package vpo.cli;

import java.util.List;
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
    BackupEntry newest;
    try (OpenLocations locations = new OpenLocations(session)) {
      newest =
          new BackupCatalog(
                  locations.open(session.home().backupLocation()),
                  session.home().identities(List.of()))
              .newest(session.home().owner());
    }
    return LibraryRenderer.info(info, newest, session.startedAt(), session.hints())
        .withWarning(
            session
                .schedules()
                .warning(session.startedAt(), newest == null ? null : newest.createdAt()));
  }
}
