package vpo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.catalog.BackupCatalog;
import vpo.catalog.Copier;
import vpo.catalog.LibraryOwner;
import vpo.cli.render.CopyRenderer;
import vpo.cli.render.Rendering;
import vpo.home.VpoHome;
import vpo.location.LocationUri;

@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {
      "Copy this library's backups that are missing at another location (like restic copy).",
      "Each copy is byte for byte (encrypted archives stay encrypted), never replaces an archive"
          + " there, and counts only once the destination holds exactly the source's bytes."
          + " Safety archives stay where they are."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backups copy --to s3://bkt/vpo",
      "  vpo library backups copy --to /mnt/usb/vpo --path s3://bkt/vpo   back down again"
    })
final class LibraryBackupsCopyCommand extends ReportingCommand {
  @Option(
      names = "--to",
      required = true,
      paramLabel = "DIR|s3://...",
      description = "Where to copy to.")
  String to;

  @Option(
      names = "--path",
      paramLabel = "DIR|s3://...",
      description = "Where to copy from (default: the backup directory).")
  String path;

  @Option(
      names = "--all-libraries",
      description = "Copy every library's archives there, not only this library's.")
  boolean allLibraries;

  @Option(
      names = "--identity",
      paramLabel = "KEYFILE",
      description = "A key that opens encrypted archives, to tell whose they are (repeatable).")
  List<Path> identities = new ArrayList<>();

  LibraryBackupsCopyCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    VpoHome home = session.home();
    Path cwd = session.environment().cwd();
    LocationUri from = path == null ? home.backupLocation() : LocationUri.parseLocation(path, cwd);
    LocationUri destination = LocationUri.parseLocation(to, cwd);
    try (OpenLocations locations = new OpenLocations(session)) {
      BackupCatalog catalog = new BackupCatalog(locations.open(from), home.identities(identities));
      LibraryOwner owner = home.owner();
      List<Copier.Outcome> copies =
          Copier.copyMissing(
              catalog,
              locations.open(destination),
              e -> !e.kind().isSafety() && (allLibraries || owner.owns(e)),
              TerminalProgress.forSession(
                  session,
                  json,
                  "copying was stopped; nothing was written there (copies finished before"
                      + " stay)"));
      return CopyRenderer.of(catalog.location().display(), destination.display(), copies);
    }
  }
}
