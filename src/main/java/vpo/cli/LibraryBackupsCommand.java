package vpo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.catalog.BackupCatalog;
import vpo.catalog.BackupEntry;
import vpo.catalog.CatalogException;
import vpo.catalog.Listing;
import vpo.cli.render.BackupsRenderer;
import vpo.cli.render.Rendering;
import vpo.home.VpoHome;
import vpo.location.LocationUri;

@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description = {
      "List this library's backup archives, newest first; --verify checks each one fully.",
      "Archives whose metadata cannot be read are listed and marked, never hidden. Encrypted"
          + " archives are read with your key (--identity, [backup] identity_file, or the key"
          + " 'vpo library key generate' made), or listed from their names."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backups",
      "  vpo library backups --all                    every library's archives here",
      "  vpo library backups --path s3://bkt/vpo --json",
      "  vpo library backups --verify                 exits 3 if any archive is corrupt",
      "  vpo library backups prune --keep-daily 7 --keep-weekly 4 --dry-run",
      "  vpo library backups copy --to s3://bkt/vpo   copies those missing there"
    })
final class LibraryBackupsCommand extends ReportingCommand {
  @Option(
      names = "--path",
      paramLabel = "DIR|s3://...",
      description = "Where to look (default: the backup directory).")
  String path;

  @Option(
      names = "--verify",
      description = "Fully validate every archive (checksums, quick_check); exit 3 if any is bad.")
  boolean verify;

  @Option(
      names = "--all",
      description = "List every library's archives, with the library each belongs to.")
  boolean all;

  @Option(
      names = "--identity",
      paramLabel = "KEYFILE",
      description = "A key that opens encrypted archives (repeatable, like age -i).")
  List<Path> identities = new ArrayList<>();

  LibraryBackupsCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    VpoHome home = session.home();
    LocationUri where =
        path == null
            ? home.backupLocation()
            : LocationUri.parseLocation(path, session.environment().cwd());
    if (path != null && where instanceof LocationUri.Directory d && !Files.isDirectory(d.path())) {
      throw new CatalogException(
          CatalogException.Action.LISTING,
          "there is no directory " + d.path(),
          "check the --path you gave");
    }
    try (OpenLocations locations = new OpenLocations(session)) {
      BackupCatalog catalog = new BackupCatalog(locations.open(where), home.identities(identities));
      Listing listing =
          catalog.listing(
              home.owner(),
              all,
              verify,
              TerminalProgress.forSession(
                  session, json, "verifying was stopped; nothing was changed"));
      BackupEntry newest =
          listing.entries().stream()
              .filter(BackupEntry::readable)
              .filter(e -> !e.kind().isSafety())
              .findFirst()
              .orElse(null);
      return BackupsRenderer.of(listing, session.hints())
          .withWarning(
              session
                  .schedules()
                  .warning(session.startedAt(), newest == null ? null : newest.createdAt()));
    }
  }
}
