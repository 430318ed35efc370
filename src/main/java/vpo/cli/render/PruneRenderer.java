package vpo.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vpo.catalog.BackupEntry;
import vpo.catalog.Pruner;
import vpo.catalog.RetentionPolicy;

/**
 * A prune: what it keeps (with the rules that keep each archive) and what it deletes or would
 * delete. In text the plan is shown first, before the question whether to delete ({@link #plan}),
 * and the outcome last; JSON has both in one document.
 */
public final class PruneRenderer implements Rendering {
  private final Pruner.Result result;
  private final boolean success;

  private PruneRenderer(Pruner.Result result, boolean success) {
    this.result = result;
    this.success = success;
  }

  /** The prune command's result; its JSON starts with {@code success}. */
  public static Rendering of(Pruner.Result result) {
    return new PruneRenderer(result, true);
  }

  /** A prune inside another result (after a backup). */
  public static Rendering nested(Pruner.Result result) {
    return new PruneRenderer(result, false);
  }

  /** The plan alone, as shown before asking to delete. */
  public static void plan(PrintWriter out, RetentionPolicy.Plan plan) {
    out.println("Keep (" + plan.keep().size() + "):");
    for (RetentionPolicy.Kept k : plan.keep()) {
      out.println(
          "  "
              + Formats.time(k.entry().createdAt())
              + "  "
              + k.entry().filename()
              + "  ["
              + String.join(", ", k.reasons())
              + "]");
    }
    long noKey =
        plan.keep().stream().filter(k -> k.reasons().contains(RetentionPolicy.NO_KEY)).count();
    if (noKey > 0) {
      out.println(
          noKey
              + " encrypted archive"
              + (noKey == 1 ? " is" : "s are")
              + " kept because no identity opens "
              + (noKey == 1 ? "it" : "them")
              + ": pass --identity KEYFILE to prune "
              + (noKey == 1 ? "it" : "them")
              + " too");
    }
    out.println("Remove (" + plan.remove().size() + "):");
    for (BackupEntry e : plan.remove()) {
      out.println(
          "  "
              + Formats.time(e.createdAt())
              + "  "
              + e.filename()
              + "  "
              + Formats.size(e.archiveSizeBytes()));
    }
  }

  @Override
  public Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (success) {
      doc.put("success", true);
    }
    doc.put("dry_run", result.dryRun());
    List<Map<String, Object>> keep = new ArrayList<>();
    for (RetentionPolicy.Kept k : result.plan().keep()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("filename", k.entry().filename());
      m.put("created_at", Formats.isoTime(k.entry().createdAt()));
      m.put("reasons", k.reasons());
      keep.add(m);
    }
    List<Map<String, Object>> remove = new ArrayList<>();
    for (BackupEntry e : result.plan().remove()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("filename", e.filename());
      m.put("created_at", Formats.isoTime(e.createdAt()));
      m.put("archive_size_bytes", e.archiveSizeBytes());
      remove.add(m);
    }
    doc.put("keep", keep);
    doc.put("remove", remove);
    doc.put("freed_bytes", result.freedBytes());
    return doc;
  }

  @Override
  public void text(PrintWriter out) {
    int n = result.plan().remove().size();
    String archives = n + " archive" + (n == 1 ? "" : "s");
    if (result.dryRun()) {
      out.println(
          "Would delete "
              + archives
              + ", freeing "
              + Formats.size(result.freedBytes())
              + " (--dry-run: nothing was deleted).");
    } else {
      out.println("Deleted " + archives + ", freed " + Formats.size(result.freedBytes()) + ".");
    }
  }
}
