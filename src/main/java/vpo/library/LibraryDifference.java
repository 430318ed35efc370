package vpo.library;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What restoring one library over another would change: the schema versions of both, where their
 * layouts differ, and per VPO table the rows removed, brought back and changed. Made by {@link
 * LibraryDiff#compare}.
 *
 * @param replacedSchemaVersion the schema version in the replaced library's {@code _meta} (the
 *     library as it is now)
 * @param restoredSchemaVersion the schema version in the restored library's {@code _meta}, as
 *     compared (after the caller migrated it, if it did)
 * @param schema where the two layouts differ
 * @param tables one entry per VPO user-data table that either library has, in {@link
 *     LibraryDiff#USER_TABLES} order, unchanged tables included
 * @param sampleSize the most keys kept per group of a table
 */
public record LibraryDifference(
    int replacedSchemaVersion,
    int restoredSchemaVersion,
    SchemaDifference schema,
    List<TableDifference> tables,
    int sampleSize) {
  public LibraryDifference {
    tables = List.copyOf(tables);
  }

  /** The table called {@code name}, if either library has it. */
  public Optional<TableDifference> table(String name) {
    return tables.stream().filter(t -> t.table().equals(name)).findFirst();
  }

  /** Whether the two schema versions differ. */
  public boolean schemaMismatch() {
    return replacedSchemaVersion != restoredSchemaVersion;
  }

  /** Whether the restore would change no row of any VPO table. */
  public boolean rowsUnchanged() {
    return tables.stream().allMatch(TableDifference::isUnchanged);
  }

  /** Rows removed, over all tables. */
  public long totalRemoved() {
    return tables.stream().mapToLong(TableDifference::removed).sum();
  }

  /** Rows brought back, over all tables. */
  public long totalAdded() {
    return tables.stream().mapToLong(TableDifference::added).sum();
  }

  /** Rows changed, over all tables. */
  public long totalChanged() {
    return tables.stream().mapToLong(TableDifference::changed).sum();
  }

  static Map<String, List<String>> orderedCopy(Map<String, List<String>> map) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }
}
