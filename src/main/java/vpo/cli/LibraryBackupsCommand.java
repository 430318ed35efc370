package vpo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.catalog.BackupCatalog;
import vpo.catalog.BackupEntry;
import vpo.catalog.Listing;
import vpo.cli.render.BackupsRenderer;
import vpo.cli.render.Rendering;

@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description = {
      "List the backup archives you have, newest first; --verify checks each one fully.",
      "Archives whose metadata cannot be read are listed and marked, never hidden."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backups",
      "  vpo library backups --path /mnt/usb/vpo --json",
      "  vpo library backups --verify            exits 3 if any archive is corrupt",
      "  vpo library backups prune --keep-daily 7 --keep-weekly 4 --dry-run"
    })
final class LibraryBackupsCommand extends ReportingCommand {
  @Option(
      names = "--path",
      paramLabel = "DIR",
      description = "The directory to look in (default: the backup directory).")
  Path path;

  @Option(
      names = "--verify",
      description = "Fully validate every archive (checksums, quick_check); exit 3 if any is bad.")
  boolean verify;

  LibraryBackupsCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    Path dir =
        path != null ? session.environment().cwd().resolve(path) : session.paths().backupDir();
    Listing listing =
        new BackupCatalog(dir).listing(verify, TerminalProgress.forSession(session, json));
    BackupEntry newest =
        listing.entries().stream().filter(BackupEntry::readable).findFirst().orElse(null);
    return BackupsRenderer.of(listing)
        .withWarning(
            session
                .schedules()
                .warning(session.startedAt(), newest == null ? null : newest.createdAt()));
  }
}
