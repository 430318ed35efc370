package vpo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code LIBRARY-SCHEMA.md}, the contract for the library layout, read into values: tables with
 * their columns, keys, unique constraints and named indexes, and the named CHECK constraints.
 *
 * <p>Parsing is strict: a line in a table section that does not fit the expected shape fails
 * loudly, so an edit to the document cannot silently drop a requirement from the tests.
 */
public record SchemaSpec(int version, Map<String, TableSpec> tables, List<CheckSpec> checks) {

  /** The classpath copy of the document, kept equal to {@code shared/spec} by a test. */
  public static final String RESOURCE = "/LIBRARY-SCHEMA.md";

  /** A column as the document lists it. {@code defaultValue} is null when there is none. */
  public record ColumnSpec(
      String name,
      String type,
      boolean nullable,
      String defaultValue,
      boolean primaryKey,
      boolean autoincrement,
      ForeignKeySpec foreignKey) {}

  /** A reference {@code → table.column (action)}; {@code onDelete} as SQLite spells it. */
  public record ForeignKeySpec(String table, String column, String onDelete) {}

  /** One column of an index; {@code descending} for {@code DESC}. */
  public record IndexColumn(String name, boolean descending) {}

  /** A named index. */
  public record IndexSpec(String name, List<IndexColumn> columns) {}

  /** A table: columns in order, unique constraints (column lists), named indexes. */
  public record TableSpec(
      String name,
      List<ColumnSpec> columns,
      List<List<String>> uniqueConstraints,
      List<IndexSpec> indexes) {}

  /** A named CHECK and its rule, in the document's words. */
  public record CheckSpec(String table, String name, String rule) {}

  private static final Pattern TITLE = Pattern.compile("^# .*version (\\d+)\\s*$");
  private static final Pattern FOREIGN_KEY =
      Pattern.compile("^→ (\\w+)\\.(\\w+) \\((cascade|set null)\\)$");
  private static final Pattern UNIQUE = Pattern.compile("^unique \\(([^)]+)\\)$");
  private static final Pattern NAMED_INDEX = Pattern.compile("^`(\\w+)` \\(([^)]+)\\)$");

  /** The document from the test classpath. */
  public static SchemaSpec load() {
    try (InputStream in = SchemaSpec.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the document's text. */
  public static SchemaSpec parse(String markdown) {
    Integer version = null;
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    List<CheckSpec> checks = new ArrayList<>();

    String section = "";
    String table = null;
    List<ColumnSpec> columns = null;
    List<List<String>> uniques = null;
    List<IndexSpec> indexes = null;

    for (String raw : markdown.split("\n")) {
      String line = raw.strip();
      Matcher title = TITLE.matcher(line);
      if (title.matches()) {
        version = Integer.valueOf(title.group(1));
      } else if (line.startsWith("## ")) {
        section = line.substring(3);
        table = null;
      } else if (line.startsWith("### ") && section.equals("Tables")) {
        table = line.substring(4).strip();
        columns = new ArrayList<>();
        uniques = new ArrayList<>();
        indexes = new ArrayList<>();
        tables.put(table, new TableSpec(table, columns, uniques, indexes));
      } else if (line.startsWith("|") && !isTableHeader(line)) {
        List<String> cells = cells(line);
        if (section.equals("CHECK constraints")) {
          require(cells.size() == 3, line);
          checks.add(new CheckSpec(cells.get(0), cells.get(1), cells.get(2)));
        } else if (table != null) {
          columns.add(column(cells, line));
        }
      } else if (line.startsWith("Indexes:") && table != null) {
        String list = line.substring("Indexes:".length()).strip();
        list = list.endsWith(".") ? list.substring(0, list.length() - 1) : list;
        for (String item : list.split(";")) {
          item = item.strip();
          Matcher unique = UNIQUE.matcher(item);
          Matcher named = NAMED_INDEX.matcher(item);
          if (unique.matches()) {
            uniques.add(List.of(unique.group(1).split(",")).stream().map(String::strip).toList());
          } else if (named.matches()) {
            List<IndexColumn> indexColumns = new ArrayList<>();
            for (String column : named.group(2).split(",")) {
              String[] words = column.strip().split("\\s+");
              require(words.length == 1 || (words.length == 2 && words[1].equals("DESC")), item);
              indexColumns.add(new IndexColumn(words[0], words.length == 2));
            }
            indexes.add(new IndexSpec(named.group(1), List.copyOf(indexColumns)));
          } else {
            throw new IllegalArgumentException("cannot read index '" + item + "' of " + table);
          }
        }
      }
    }
    require(version != null, "a title naming the version");
    Map<String, TableSpec> frozen = new LinkedHashMap<>();
    for (TableSpec t : tables.values()) {
      require(!t.columns().isEmpty(), "columns of " + t.name());
      frozen.put(
          t.name(),
          new TableSpec(
              t.name(),
              List.copyOf(t.columns()),
              List.copyOf(t.uniqueConstraints()),
              List.copyOf(t.indexes())));
    }
    return new SchemaSpec(version, Collections.unmodifiableMap(frozen), List.copyOf(checks));
  }

  private static ColumnSpec column(List<String> cells, String line) {
    require(cells.size() == 5, line);
    String key = cells.get(4);
    Matcher fk = FOREIGN_KEY.matcher(key);
    ForeignKeySpec foreignKey =
        fk.matches()
            ? new ForeignKeySpec(fk.group(1), fk.group(2), fk.group(3).toUpperCase(Locale.ROOT))
            : null;
    require(
        key.isEmpty() || key.equals("PK") || key.equals("PK autoinc") || foreignKey != null, line);
    require(cells.get(2).equals("yes") || cells.get(2).equals("no"), line);
    return new ColumnSpec(
        cells.get(0),
        cells.get(1),
        cells.get(2).equals("yes"),
        cells.get(3).isEmpty() ? null : cells.get(3),
        key.startsWith("PK"),
        key.equals("PK autoinc"),
        foreignKey);
  }

  private static boolean isTableHeader(String line) {
    return line.startsWith("|---") || line.startsWith("| column |") || line.startsWith("| table |");
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("LIBRARY-SCHEMA.md: cannot read " + what);
    }
  }
}
