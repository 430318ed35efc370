package vpo.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.SchemaSpec.CheckSpec;
import vpo.testing.SchemaSpec.ColumnSpec;
import vpo.testing.SchemaSpec.IndexColumn;
import vpo.testing.SchemaSpec.IndexSpec;
import vpo.testing.SchemaSpec.TableSpec;

/**
 * Compares a library file with {@link SchemaSpec}: what SQLite reports about the file (through
 * {@code PRAGMA table_list/table_xinfo/foreign_key_list/index_list/index_xinfo} and {@code
 * sqlite_master}) against what the document says.
 *
 * <p>Covers every table and column (order, type, nullability, default, primary key, AUTOINCREMENT),
 * foreign keys with their ON DELETE action, unique constraints, named indexes with column order and
 * DESC, named CHECK constraints (by name, and by evaluating each one's expression against values
 * its rule admits and values it refuses), the version row, and that nothing else exists beyond
 * SQLite's own objects.
 */
public final class SchemaConformance {
  private static final Pattern NAMED_CHECK =
      Pattern.compile("CONSTRAINT\\s+(\\w+)\\s+CHECK\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_CHECK =
      Pattern.compile("\\bCHECK\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern RULE_IN = Pattern.compile("^(\\w+) in (.+)$");
  private static final Pattern RULE_RANGE = Pattern.compile("^(-?[\\d.]+) ≤ (\\w+) ≤ (-?[\\d.]+)$");
  private static final Pattern RULE_AT_LEAST = Pattern.compile("^(\\w+) ≥ (-?[\\d.]+)$");
  private static final Pattern RULE_GREATER = Pattern.compile("^(\\w+) > (\\w+)$");

  private SchemaConformance() {}

  /** Differences between the library at {@code dbFile} and the document; empty if it conforms. */
  public static List<String> differences(Path dbFile) {
    try (Connection c = LibraryFixture.connect(dbFile, Access.READ_ONLY)) {
      return differences(c, SchemaSpec.load());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Differences between the library on {@code c} and {@code spec}; empty if it conforms. */
  public static List<String> differences(Connection c, SchemaSpec spec) throws SQLException {
    List<String> out = new ArrayList<>();
    Set<String> actualTables = new TreeSet<>();
    for (List<String> row : query(c, "PRAGMA main.table_list")) {
      if (row.get(2).equals("table") && !row.get(1).startsWith("sqlite_")) {
        actualTables.add(row.get(1));
      } else if (!row.get(2).equals("table")) {
        out.add("unexpected " + row.get(2) + " " + row.get(1));
      }
    }
    for (List<String> row :
        query(c, "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger')")) {
      out.add("unexpected " + row.get(0) + " " + row.get(1));
    }
    for (String table : actualTables) {
      if (!spec.tables().containsKey(table)) {
        out.add("unexpected table " + table);
      }
    }
    boolean anyAutoincrement = false;
    for (TableSpec table : spec.tables().values()) {
      if (!actualTables.contains(table.name())) {
        out.add("missing table " + table.name());
        continue;
      }
      anyAutoincrement |= table.columns().stream().anyMatch(ColumnSpec::autoincrement);
      compareColumns(c, table, out);
      compareForeignKeys(c, table, out);
      compareIndexes(c, table, out);
      compareChecks(c, table, spec.checks(), out);
    }
    boolean hasSequence =
        !query(c, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").isEmpty();
    if (hasSequence != anyAutoincrement) {
      out.add("sqlite_sequence " + (hasSequence ? "present" : "missing"));
    }
    if (actualTables.contains("_meta")) {
      List<List<String>> version =
          query(c, "SELECT value, typeof(value) FROM _meta WHERE key = 'schema_version'");
      List<String> expected = List.of(Integer.toString(spec.version()), "text");
      if (version.size() != 1 || !version.get(0).equals(expected)) {
        out.add("_meta schema_version is " + version + ", expected " + expected);
      }
    }
    return out;
  }

  private static void compareColumns(Connection c, TableSpec table, List<String> out)
      throws SQLException {
    List<List<String>> info = query(c, "PRAGMA table_xinfo(" + quote(table.name()) + ")");
    List<String> actualNames = info.stream().map(r -> r.get(1)).toList();
    List<String> expectedNames = table.columns().stream().map(ColumnSpec::name).toList();
    if (!actualNames.equals(expectedNames)) {
      out.add(table.name() + ": columns " + actualNames + ", expected " + expectedNames);
      return;
    }
    String sql = tableSql(c, table.name());
    for (int i = 0; i < info.size(); i++) {
      List<String> row = info.get(i); // cid, name, type, notnull, dflt_value, pk, hidden
      ColumnSpec col = table.columns().get(i);
      String where = table.name() + "." + col.name();
      if (!row.get(2).equals(col.type())) {
        out.add(where + ": type " + row.get(2) + ", expected " + col.type());
      }
      // SQLite reports notnull=0 for key columns declared without NOT NULL, as the Python
      // VPO declares them; the document's "no" for a key column is what the key implies.
      boolean notNull = row.get(3).equals("1");
      if (!col.primaryKey() && notNull == col.nullable()) {
        out.add(where + ": " + (notNull ? "NOT NULL" : "nullable") + ", expected the opposite");
      }
      if (!Objects.equals(row.get(4), col.defaultValue())) {
        out.add(where + ": default " + row.get(4) + ", expected " + col.defaultValue());
      }
      if (row.get(5).equals("0") == col.primaryKey()) {
        out.add(where + ": primary key position " + row.get(5) + ", expected the opposite");
      }
      if (!row.get(6).equals("0")) {
        out.add(where + ": hidden or generated column");
      }
      boolean autoincrement =
          Pattern.compile(
                  "\\b" + col.name() + "\\s+INTEGER\\s+PRIMARY\\s+KEY\\s+AUTOINCREMENT\\b",
                  Pattern.CASE_INSENSITIVE)
              .matcher(sql)
              .find();
      if (autoincrement != col.autoincrement()) {
        out.add(where + ": AUTOINCREMENT " + (autoincrement ? "present" : "missing"));
      }
    }
  }

  private static void compareForeignKeys(Connection c, TableSpec table, List<String> out)
      throws SQLException {
    Set<String> expected = new TreeSet<>();
    for (ColumnSpec col : table.columns()) {
      if (col.foreignKey() != null) {
        expected.add(
            col.name()
                + " → "
                + col.foreignKey().table()
                + "."
                + col.foreignKey().column()
                + " ON DELETE "
                + col.foreignKey().onDelete());
      }
    }
    Set<String> actual = new TreeSet<>();
    // id, seq, table, from, to, on_update, on_delete, match
    for (List<String> row : query(c, "PRAGMA foreign_key_list(" + quote(table.name()) + ")")) {
      actual.add(row.get(3) + " → " + row.get(2) + "." + row.get(4) + " ON DELETE " + row.get(6));
    }
    if (!actual.equals(expected)) {
      out.add(table.name() + ": foreign keys " + actual + ", expected " + expected);
    }
  }

  private static void compareIndexes(Connection c, TableSpec table, List<String> out)
      throws SQLException {
    Set<String> expectedUnique = new TreeSet<>();
    for (List<String> columns : table.uniqueConstraints()) {
      expectedUnique.add(String.join(", ", columns));
    }
    Set<String> expectedNamed = new TreeSet<>();
    for (IndexSpec index : table.indexes()) {
      expectedNamed.add(index.name() + " (" + renderColumns(index.columns()) + ")");
    }
    Set<String> actualUnique = new TreeSet<>();
    Set<String> actualNamed = new TreeSet<>();
    // seq, name, unique, origin, partial
    for (List<String> row : query(c, "PRAGMA index_list(" + quote(table.name()) + ")")) {
      String name = row.get(1);
      List<IndexColumn> columns = new ArrayList<>();
      // seqno, cid, name, desc, coll, key
      for (List<String> col : query(c, "PRAGMA index_xinfo(" + quote(name) + ")")) {
        if (col.get(5).equals("1")) {
          columns.add(new IndexColumn(col.get(2), col.get(3).equals("1")));
        }
      }
      if (row.get(4).equals("1")) {
        out.add(table.name() + ": index " + name + " is partial");
      }
      switch (row.get(3)) {
        case "pk" -> {} // the primary key, checked with the columns
        case "u" -> {
          if (columns.stream().anyMatch(IndexColumn::descending)) {
            out.add(table.name() + ": unique constraint " + name + " has a DESC column");
          }
          actualUnique.add(String.join(", ", columns.stream().map(IndexColumn::name).toList()));
        }
        default -> {
          if (row.get(2).equals("1")) {
            out.add(table.name() + ": index " + name + " is UNIQUE, expected a plain index");
          }
          actualNamed.add(name + " (" + renderColumns(columns) + ")");
        }
      }
    }
    if (!actualUnique.equals(expectedUnique)) {
      out.add(
          table.name() + ": unique constraints " + actualUnique + ", expected " + expectedUnique);
    }
    if (!actualNamed.equals(expectedNamed)) {
      out.add(table.name() + ": indexes " + actualNamed + ", expected " + expectedNamed);
    }
  }

  private static void compareChecks(
      Connection c, TableSpec table, List<CheckSpec> allChecks, List<String> out)
      throws SQLException {
    String sql = tableSql(c, table.name());
    List<CheckSpec> checks =
        allChecks.stream().filter(check -> check.table().equals(table.name())).toList();
    Set<String> expectedNames = new TreeSet<>();
    checks.forEach(check -> expectedNames.add(check.name()));
    Set<String> actualNames = new TreeSet<>();
    Matcher m = NAMED_CHECK.matcher(sql);
    while (m.find()) {
      actualNames.add(m.group(1));
    }
    if (!actualNames.equals(expectedNames)) {
      out.add(table.name() + ": CHECK constraints " + actualNames + ", expected " + expectedNames);
    }
    long anyChecks = ANY_CHECK.matcher(sql).results().count();
    if (anyChecks != actualNames.size()) {
      out.add(table.name() + ": has CHECK constraints without a name");
    }
    for (CheckSpec check : checks) {
      String expression = checkExpression(sql, check.name());
      if (expression != null) {
        compareRule(c, check, expression, out);
      }
    }
  }

  /**
   * Evaluates a CHECK expression against values the document's rule admits and values it refuses,
   * so a constraint with the right name but the wrong rule is caught.
   */
  private static void compareRule(
      Connection c, CheckSpec check, String expression, List<String> out) throws SQLException {
    List<Case> cases = casesFor(check);
    if (cases.isEmpty()) {
      out.add(check.table() + "." + check.name() + ": cannot read the rule '" + check.rule() + "'");
      return;
    }
    for (Case test : cases) {
      StringBuilder sql = new StringBuilder("SELECT CASE WHEN (").append(expression);
      sql.append(") THEN 1 ELSE 0 END FROM (SELECT ");
      for (int i = 0; i < test.columns().size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("? AS ").append(test.columns().get(i));
      }
      sql.append(")");
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < test.values().size(); i++) {
          ps.setObject(i + 1, test.values().get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          boolean admitted = rs.getInt(1) == 1;
          if (admitted != test.admitted()) {
            out.add(
                check.table()
                    + "."
                    + check.name()
                    + ": "
                    + (admitted ? "admits " : "refuses ")
                    + test.columns()
                    + " = "
                    + test.values()
                    + ", against the rule '"
                    + check.rule()
                    + "'");
          }
        }
      }
    }
  }

  private record Case(List<String> columns, List<Object> values, boolean admitted) {
    static Case of(String column, Object value, boolean admitted) {
      return new Case(List.of(column), List.of(value), admitted);
    }
  }

  private static List<Case> casesFor(CheckSpec check) {
    String rule = check.rule().strip();
    List<Case> cases = new ArrayList<>();
    Matcher in = RULE_IN.matcher(rule);
    Matcher range = RULE_RANGE.matcher(rule);
    Matcher atLeast = RULE_AT_LEAST.matcher(rule);
    Matcher greater = RULE_GREATER.matcher(rule);
    if (in.matches()) {
      String column = in.group(1);
      Set<String> values = new LinkedHashSet<>();
      for (String v : in.group(2).split(",")) {
        values.add(v.strip());
      }
      for (String v : values) {
        cases.add(Case.of(column, v, true));
        // Values are case-sensitive: 'pending' is not 'PENDING'.
        for (String variant :
            List.of(v.toUpperCase(Locale.ROOT), v.toLowerCase(Locale.ROOT), v + " ")) {
          if (!values.contains(variant)) {
            cases.add(Case.of(column, variant, false));
          }
        }
      }
      cases.add(Case.of(column, "something_else", false));
    } else if (range.matches()) {
      String column = range.group(2);
      Number low = number(range.group(1));
      Number high = number(range.group(3));
      double step = low instanceof Double || high instanceof Double ? 0.001 : 1;
      cases.add(Case.of(column, low, true));
      cases.add(Case.of(column, high, true));
      cases.add(Case.of(column, (low.doubleValue() + high.doubleValue()) / 2, true));
      cases.add(Case.of(column, shift(low, -step), false));
      cases.add(Case.of(column, shift(high, step), false));
    } else if (atLeast.matches()) {
      String column = atLeast.group(1);
      Number low = number(atLeast.group(2));
      double step = low instanceof Double ? 0.001 : 1;
      cases.add(Case.of(column, low, true));
      cases.add(Case.of(column, shift(low, 1_000_000), true));
      cases.add(Case.of(column, shift(low, -step), false));
    } else if (greater.matches()) {
      List<String> columns = List.of(greater.group(1), greater.group(2));
      cases.add(new Case(columns, List.of(2.5, 1.0), true));
      cases.add(new Case(columns, List.of(1.0, 1.0), false));
      cases.add(new Case(columns, List.of(1.0, 2.5), false));
    }
    return cases;
  }

  private static Number number(String text) {
    return text.contains(".") ? (Number) Double.valueOf(text) : (Number) Long.valueOf(text);
  }

  private static Number shift(Number n, double by) {
    return n instanceof Double
        ? (Number) (n.doubleValue() + by)
        : (Number) (n.longValue() + (long) by);
  }

  /** The text inside the parentheses of {@code CONSTRAINT name CHECK (...)}, or null. */
  static String checkExpression(String tableSql, String name) {
    Matcher m = NAMED_CHECK.matcher(tableSql);
    while (m.find()) {
      if (!m.group(1).equals(name)) {
        continue;
      }
      int depth = 1;
      for (int i = m.end(); i < tableSql.length(); i++) {
        char ch = tableSql.charAt(i);
        if (ch == '\'') {
          i = tableSql.indexOf('\'', i + 1); // skip string literals ('' re-enters harmlessly)
          if (i < 0) {
            return null;
          }
        } else if (ch == '(') {
          depth++;
        } else if (ch == ')' && --depth == 0) {
          return tableSql.substring(m.end(), i);
        }
      }
    }
    return null;
  }

  private static String renderColumns(List<IndexColumn> columns) {
    return String.join(
        ", ", columns.stream().map(c -> c.name() + (c.descending() ? " DESC" : "")).toList());
  }

  private static String tableSql(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    }
  }

  /** All rows of {@code sql}, every value as text (null stays null). */
  private static List<List<String>> query(Connection c, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
