package vpo.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpo.backup.BackupCatalog;
import vpo.backup.Pruner;
import vpo.backup.RetentionPolicy;

@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Delete old backup archives, keeping what the rules say (like restic forget).",
      "An archive kept by any rule is kept. Safety archives (pre-restore, pre-migration) are"
          + " kept unless --include-safety; archives that cannot be read are never deleted."
          + " Rules default to keep_* in the [backup] section of the config.",
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backups prune --keep-last 5 --dry-run",
      "  vpo library backups prune --keep-daily 7 --keep-weekly 4 --keep-monthly 12 --yes"
    })
final class LibraryBackupsPruneCommand implements Callable<Integer> {
  private final Session session;
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
      paramLabel = "DIR",
      description = "The directory to prune (default: the backup directory).")
  Path path;

  @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
  boolean dryRun;

  @Option(names = "--yes", description = "Delete without asking.")
  boolean yes;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  LibraryBackupsPruneCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    for (Integer n : new Integer[] {keepLast, keepDaily, keepWeekly, keepMonthly}) {
      if (n != null && n < 0) {
        throw new ParameterException(spec.commandLine(), "keep counts must be 0 or more");
      }
    }
    RetentionPolicy policy =
        PruneRunner.policy(
            session.config(), keepLast, keepDaily, keepWeekly, keepMonthly, includeSafety);
    if (!policy.hasRule()) {
      throw new ParameterException(
          spec.commandLine(),
          "no retention rule given: pass --keep-last, --keep-daily, --keep-weekly or"
              + " --keep-monthly, or set keep_* in the [backup] section of the config");
    }
    Path dir =
        path != null ? session.environment().cwd().resolve(path) : session.paths().backupDir();
    BackupCatalog catalog = new BackupCatalog(dir);
    Pruner.Result planned = Pruner.prune(catalog, policy, true);
    if (!json) {
      PruneRunner.printPlan(session.environment().out(), planned.plan());
    }
    Pruner.Result result = planned;
    if (!dryRun && !planned.plan().remove().isEmpty()) {
      Prompt.confirm(
          session,
          "Delete " + planned.plan().remove().size() + " archive(s) from " + dir + "?",
          yes,
          json,
          "pruning");
      result = Pruner.execute(catalog, planned.plan(), false);
    }
    if (json) {
      Map<String, Object> doc = new java.util.LinkedHashMap<>();
      doc.put("success", true);
      doc.putAll(PruneRunner.json(result));
      Output.printJson(session.environment().out(), doc);
    } else {
      PruneRunner.printOutcome(session.environment().out(), result);
    }
    return 0;
  }
}
