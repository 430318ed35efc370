package vpo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import vpo.backup.BackupCatalog;
import vpo.backup.BackupEntry;
import vpo.backup.Pruner;
import vpo.backup.RetentionPolicy;
import vpo.config.VpoConfig;

/** Retention from flags and config, and the rendering of a prune, for both commands that prune. */
final class PruneRunner {
  private PruneRunner() {}

  /** Each rule from its flag when given, else from {@code [backup]} in the config. */
  static RetentionPolicy policy(
      VpoConfig config,
      Integer last,
      Integer daily,
      Integer weekly,
      Integer monthly,
      boolean includeSafety) {
    return new RetentionPolicy(
        pick(last, config.keepLast()),
        pick(daily, config.keepDaily()),
        pick(weekly, config.keepWeekly()),
        pick(monthly, config.keepMonthly()),
        includeSafety);
  }

  private static int pick(Integer flag, OptionalInt configured) {
    return flag != null ? flag : configured.orElse(0);
  }

  static Pruner.Result run(Session session, RetentionPolicy policy, boolean dryRun) {
    return Pruner.prune(new BackupCatalog(session.paths().backupDir()), policy, dryRun);
  }

  /** The JSON of a prune: {@code dry_run, keep[], remove[], freed_bytes}. */
  static Map<String, Object> json(Pruner.Result r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dry_run", r.dryRun());
    List<Map<String, Object>> keep = new ArrayList<>();
    for (RetentionPolicy.Kept k : r.plan().keep()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("filename", k.entry().filename());
      m.put("created_at", Output.isoTime(k.entry().createdAt()));
      m.put("reasons", k.reasons());
      keep.add(m);
    }
    List<Map<String, Object>> remove = new ArrayList<>();
    for (BackupEntry e : r.plan().remove()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("filename", e.filename());
      m.put("created_at", Output.isoTime(e.createdAt()));
      m.put("archive_size_bytes", e.archiveSizeBytes());
      remove.add(m);
    }
    doc.put("keep", keep);
    doc.put("remove", remove);
    doc.put("freed_bytes", r.freedBytes());
    return doc;
  }

  /** What is kept, with the rules that keep it, and what goes. */
  static void printPlan(java.io.PrintWriter out, RetentionPolicy.Plan plan) {
    out.println("Keep (" + plan.keep().size() + "):");
    for (RetentionPolicy.Kept k : plan.keep()) {
      out.println(
          "  "
              + Output.time(k.entry().createdAt())
              + "  "
              + k.entry().filename()
              + "  ["
              + String.join(", ", k.reasons())
              + "]");
    }
    out.println("Remove (" + plan.remove().size() + "):");
    for (BackupEntry e : plan.remove()) {
      out.println(
          "  "
              + Output.time(e.createdAt())
              + "  "
              + e.filename()
              + "  "
              + Output.size(e.archiveSizeBytes()));
    }
  }

  static void printOutcome(java.io.PrintWriter out, Pruner.Result r) {
    int n = r.plan().remove().size();
    if (r.dryRun()) {
      out.println(
          "Would delete "
              + n
              + " archive"
              + (n == 1 ? "" : "s")
              + ", freeing "
              + Output.size(r.freedBytes())
              + " (--dry-run: nothing was deleted).");
    } else {
      out.println(
          "Deleted "
              + n
              + " archive"
              + (n == 1 ? "" : "s")
              + ", freed "
              + Output.size(r.freedBytes())
              + ".");
    }
  }
}
