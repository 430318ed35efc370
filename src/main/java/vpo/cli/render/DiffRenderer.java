package vpo.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vpo.library.LibraryDifference;
import vpo.library.SchemaDifference;
import vpo.library.TableDifference;

/**
 * What a restore would change, table by table: rows it removes (in the library, not in the
 * archive), brings back (in the archive, not in the library) and changes, with sample keys (the
 * paths, for files). The restore preview, the restore prompt and {@code backups diff} show it.
 */
public final class DiffRenderer {
  private DiffRenderer() {}

  /**
   * The document {@code backups diff --json} prints, and the restore preview holds under {@code
   * changes}.
   *
   * @param replaced the library (or archive) the restore would replace, as the user names it
   * @param restored the archive that would be restored
   * @param restoredSchema the archive's own schema version, before it is migrated
   */
  public static Map<String, Object> json(
      LibraryDifference d, String replaced, String restored, int restoredSchema) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("replaced", side(replaced, d.replacedSchemaVersion()));
    doc.put("restored", side(restored, restoredSchema));
    doc.put("schema_mismatch", d.replacedSchemaVersion() != restoredSchema);
    doc.put("schema_difference", schema(d.schema()));
    doc.put("sample_size", d.sampleSize());
    Map<String, Object> total = new LinkedHashMap<>();
    total.put("removed", d.totalRemoved());
    total.put("added", d.totalAdded());
    total.put("changed", d.totalChanged());
    doc.put("total", total);
    Map<String, Object> tables = new LinkedHashMap<>();
    for (TableDifference t : d.tables()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("removed", t.removed());
      m.put("added", t.added());
      m.put("changed", t.changed());
      m.put("sample_key", t.sampleKey());
      m.put("removed_sample", t.removedSample());
      m.put("added_sample", t.addedSample());
      m.put("changed_sample", t.changedSample());
      tables.put(t.table(), m);
    }
    doc.put("tables", tables);
    return doc;
  }

  private static Map<String, Object> side(String path, int schema) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("schema_version", schema);
    return m;
  }

  private static Map<String, Object> schema(SchemaDifference s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tables_only_replaced", s.tablesOnlyInReplaced());
    m.put("tables_only_restored", s.tablesOnlyInRestored());
    m.put("columns_only_replaced", s.columnsOnlyInReplaced());
    m.put("columns_only_restored", s.columnsOnlyInRestored());
    return m;
  }

  /**
   * The headline and, unless {@code brief}, a line per table that changes and the sample keys:
   * "Restoring removes 1,203 files, brings back 5 and changes 48; ..."
   */
  public static void text(PrintWriter out, LibraryDifference d, boolean brief) {
    if (d.rowsUnchanged()) {
      out.println("No change: the library holds exactly the archive's rows.");
      return;
    }
    out.println(headline(d));
    if (brief) {
      return;
    }
    out.println();
    out.println(String.format("  %-30s %10s %10s %10s", "TABLE", "REMOVED", "BACK", "CHANGED"));
    for (TableDifference t : d.tables()) {
      if (!t.isUnchanged()) {
        out.println(
            String.format(
                "  %-30s %10s %10s %10s",
                t.table(),
                Formats.count(t.removed()),
                Formats.count(t.added()),
                Formats.count(t.changed())));
      }
    }
    for (TableDifference t : d.tables()) {
      if (t.table().equals("files")) {
        samples(out, "Files removed", t.removedSample(), t.removed());
        samples(out, "Files brought back", t.addedSample(), t.added());
        samples(out, "Files changed", t.changedSample(), t.changed());
      }
    }
    if (d.replacedSchemaVersion() != d.restoredSchemaVersion() || !d.schema().isEmpty()) {
      out.println(
          "Schema: the library is at "
              + d.replacedSchemaVersion()
              + "; rows were compared on the columns both have.");
    }
  }

  /** "Restoring removes 3 files and brings back 7; 131 rows of other tables differ (...)." */
  private static String headline(LibraryDifference d) {
    TableDifference files = d.table("files").orElse(null);
    List<String> parts = new ArrayList<>();
    if (files != null) {
      // The first number names its noun: "removes 3 files, brings back 7 and changes 1".
      long[] counts = {files.removed(), files.added(), files.changed()};
      String[] verbs = {"removes ", "brings back ", "changes "};
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          parts.add(
              verbs[i]
                  + Formats.count(counts[i])
                  + (parts.isEmpty() ? plural(counts[i], " file") : ""));
        }
      }
    }
    String head = parts.isEmpty() ? "Restoring changes no file" : "Restoring " + join(parts);
    long others =
        d.tables().stream()
            .filter(t -> !t.table().equals("files"))
            .mapToLong(t -> t.removed() + t.added() + t.changed())
            .sum();
    if (others == 0) {
      return head + ".";
    }
    TableDifference jobs = d.table("jobs").orElse(null);
    String resets =
        jobs != null && jobs.changed() > 0
            ? ", " + Formats.count(jobs.changed()) + plural(jobs.changed(), " job") + " reset"
            : "";
    return head
        + "; "
        + Formats.count(others)
        + plural(others, " row")
        + " of other tables differ"
        + resets
        + ".";
  }

  private static void samples(PrintWriter out, String what, List<String> keys, long count) {
    if (keys.isEmpty()) {
      return;
    }
    out.println(
        what
            + (count > keys.size() ? " (" + keys.size() + " of " + Formats.count(count) + ")" : "")
            + ":");
    keys.forEach(k -> out.println("  " + k));
  }

  private static String plural(long n, String word) {
    return n == 1 ? word : word + "s";
  }

  private static String join(List<String> parts) {
    if (parts.size() <= 1) {
      return parts.isEmpty() ? "changes nothing" : parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }
}
