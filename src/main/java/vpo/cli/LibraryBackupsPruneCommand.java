package vpo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpo.catalog.BackupCatalog;
import vpo.catalog.LibraryOwner;
import vpo.catalog.Pruner;
import vpo.catalog.RetentionPolicy;
import vpo.cli.render.PruneRenderer;
import vpo.cli.render.Rendering;
import vpo.home.VpoHome;
import vpo.location.LocationUri;

@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Delete old backup archives, keeping what the rules say (like restic forget).",
      "An archive kept by any rule is kept. Only this library's archives are considered, unless"
          + " --all-libraries. Safety archives (pre-restore, pre-migration) are kept unless"
          + " --include-safety; archives that cannot be read are never deleted. Rules default to"
          + " keep_* in the [backup] section of the config.",
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backups prune --keep-last 5 --dry-run",
      "  vpo library backups prune --keep-daily 7 --keep-weekly 4 --keep-monthly 12 --yes",
      "  vpo library backups prune --path s3://bkt/vpo --keep-last 30 --yes"
    })
final class LibraryBackupsPruneCommand extends ReportingCommand {
  @Spec CommandSpec spec;

  @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N archives.")
  Integer keepLast;

  @Option(
      names = "--keep-daily",
      paramLabel = "N",
      description = "Keep the newest archive of each of the last N days that have one.")
  Integer keepDaily;

  @Option(
      names = "--keep-weekly",
      paramLabel = "N",
      description = "Keep the newest archive of each of the last N ISO weeks that have one.")
  Integer keepWeekly;

  @Option(
      names = "--keep-monthly",
      paramLabel = "N",
      description = "Keep the newest archive of each of the last N months that have one.")
  Integer keepMonthly;

  @Option(
      names = "--include-safety",
      description = "Let the rules delete pre-restore and pre-migration archives too.")
  boolean includeSafety;

  @Option(
      names = "--path",
      paramLabel = "DIR|s3://...",
      description = "Where to prune (default: the backup directory).")
  String path;

  @Option(
      names = "--all-libraries",
      description = "Apply the rules to every library's archives there, not only this library's.")
  boolean allLibraries;

  @Option(
      names = "--identity",
      paramLabel = "KEYFILE",
      description = "A key that opens encrypted archives (repeatable); others are never deleted.")
  List<Path> identities = new ArrayList<>();

  @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
  boolean dryRun;

  @Option(names = "--yes", description = "Delete without asking.")
  boolean yes;

  LibraryBackupsPruneCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    for (Integer n : new Integer[] {keepLast, keepDaily, keepWeekly, keepMonthly}) {
      if (n != null && n < 0) {
        throw new ParameterException(spec.commandLine(), "keep counts must be 0 or more");
      }
    }
    RetentionPolicy policy =
        RetentionPolicy.of(
            session.config(), keepLast, keepDaily, keepWeekly, keepMonthly, includeSafety);
    if (!policy.hasRule()) {
      boolean given =
          keepLast != null || keepDaily != null || keepWeekly != null || keepMonthly != null;
      throw new ParameterException(
          spec.commandLine(),
          given
              ? "every rule given keeps 0 archives, which would delete them all; give at least"
                  + " one rule above 0"
              : "no retention rule given: pass --keep-last, --keep-daily, --keep-weekly or"
                  + " --keep-monthly, or set keep_* in the [backup] section of the config");
    }
    VpoHome home = session.home();
    LocationUri where =
        path == null
            ? home.backupLocation()
            : LocationUri.parseLocation(path, session.environment().cwd());
    try (OpenLocations locations = new OpenLocations(session)) {
      BackupCatalog catalog = new BackupCatalog(locations.open(where), home.identities(identities));
      return prune(catalog, policy, home.owner());
    }
  }

  private Rendering prune(BackupCatalog catalog, RetentionPolicy policy, LibraryOwner owner) {
    String dir = catalog.location().display();
    Pruner.Result planned =
        Pruner.plan(catalog, policy, allLibraries ? entry -> true : owner::owns);
    if (!json) {
      PruneRenderer.plan(session.environment().out(), planned.plan());
    }
    if (dryRun || planned.plan().remove().isEmpty()) {
      return PruneRenderer.of(planned);
    }
    Prompt.confirm(
        session,
        "Delete " + planned.plan().remove().size() + " archive(s) from " + dir + "?",
        yes,
        json,
        "pruning");
    return PruneRenderer.of(Pruner.execute(catalog, planned.plan(), false));
  }
}
