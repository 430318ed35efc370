package vpo.library;

import java.util.List;
import java.util.Map;

/**
 * Where the layouts of two libraries differ. Rows are compared on the columns both have; a table
 * only one side has counts all its rows as removed or added.
 *
 * @param tablesOnlyInReplaced tables (other than SQLite's own and {@code _meta}) only the replaced
 *     library has, sorted
 * @param tablesOnlyInRestored tables only the restored library has, sorted
 * @param columnsOnlyInReplaced per VPO table both have, the columns only the replaced library's
 *     table has, in its column order; tables without such columns are left out
 * @param columnsOnlyInRestored per VPO table both have, the columns only the restored one has
 */
public record SchemaDifference(
    List<String> tablesOnlyInReplaced,
    List<String> tablesOnlyInRestored,
    Map<String, List<String>> columnsOnlyInReplaced,
    Map<String, List<String>> columnsOnlyInRestored) {
  public SchemaDifference {
    tablesOnlyInReplaced = List.copyOf(tablesOnlyInReplaced);
    tablesOnlyInRestored = List.copyOf(tablesOnlyInRestored);
    columnsOnlyInReplaced = LibraryDifference.orderedCopy(columnsOnlyInReplaced);
    columnsOnlyInRestored = LibraryDifference.orderedCopy(columnsOnlyInRestored);
  }

  /** Whether both libraries have the same tables and, in the VPO tables, the same columns. */
  public boolean isEmpty() {
    return tablesOnlyInReplaced.isEmpty()
        && tablesOnlyInRestored.isEmpty()
        && columnsOnlyInReplaced.isEmpty()
        && columnsOnlyInRestored.isEmpty();
  }
}
