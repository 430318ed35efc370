package vpo.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import vpo.testing.LibraryFixture.Access;

/**
 * Everything a library file holds, in a canonical form tests can compare: its schema (every {@code
 * sqlite_master} entry) and every row of every table, including {@code sqlite_sequence}.
 *
 * <p>Tables are ordered by name and rows by primary key (by all columns where there is none), so
 * the form does not depend on rowids, insertion order or page layout: a library restored from a
 * backup, or rebuilt by VACUUM, dumps the same as its source. Each value carries its SQLite storage
 * class ({@code INTEGER 1}, {@code REAL 1.0} and {@code TEXT "1"} all differ).
 *
 * <p>One row is left out: {@code _meta}'s {@code library_id}, the library's identity, which is
 * vpo's bookkeeping and not the user's data. A library keeps its own when a restore replaces its
 * content, and every library vpo creates has a new one.
 *
 * <p>Compare {@link #render()} strings for readable assertion failures.
 */
public record LibraryContent(List<SchemaEntry> schema, SortedMap<String, Table> tables) {

  /** One row of {@code sqlite_master}. {@code sql} is null for automatic indexes. */
  public record SchemaEntry(String type, String name, String tableName, String sql) {}

  /** One table's rows; each row lists rendered values in {@code columns} order. */
  public record Table(String name, List<String> columns, List<List<String>> rows) {}

  /** Reads {@code dbFile} read-only, in one read transaction. */
  public static LibraryContent read(Path dbFile) {
    // A read-only connection to a WAL library creates -wal and -shm and cannot remove them on
    // close; remove them again when this read made them, so directory checks see only the
    // product's own files.
    boolean sideFiles =
        java.nio.file.Files.exists(dbFile.resolveSibling(dbFile.getFileName() + "-wal"))
            || java.nio.file.Files.exists(dbFile.resolveSibling(dbFile.getFileName() + "-shm"));
    try {
      return readFrom(dbFile);
    } finally {
      if (!sideFiles) {
        vpo.library.LibraryGuard.removeUnusedSideFiles(dbFile);
      }
    }
  }

  private static LibraryContent readFrom(Path dbFile) {
    try (Connection c = LibraryFixture.connect(dbFile, Access.READ_ONLY)) {
      c.setAutoCommit(false); // one snapshot for all tables
      List<SchemaEntry> schema = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
        while (rs.next()) {
          schema.add(
              new SchemaEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      SortedMap<String, Table> tables = new TreeMap<>();
      for (SchemaEntry entry : schema) {
        if (entry.type().equals("table")) {
          tables.put(entry.name(), readTable(c, entry.name()));
        }
      }
      c.rollback();
      return new LibraryContent(List.copyOf(schema), tables);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + dbFile, e);
    }
  }

  /** {@link #read} then {@link #render}. */
  public static String dump(Path dbFile) {
    return read(dbFile).render();
  }

  /** The content as text: schema entries, then each table with one line per row. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (SchemaEntry e : schema) {
      out.append(e.type())
          .append(' ')
          .append(e.name())
          .append(" on ")
          .append(e.tableName())
          .append(": ")
          .append(e.sql())
          .append('\n');
    }
    for (Table t : tables.values()) {
      out.append("table ")
          .append(t.name())
          .append(" (")
          .append(String.join(", ", t.columns()))
          .append("), ")
          .append(t.rows().size())
          .append(" rows\n");
      for (List<String> row : t.rows()) {
        out.append("  (").append(String.join(", ", row)).append(")\n");
      }
    }
    return out.toString();
  }

  /** The rows without the schema: for comparing libraries whose layouts differ. */
  public LibraryContent rowsOnly() {
    return new LibraryContent(List.of(), tables);
  }

  /** This content without the named tables (schema entries included). */
  public LibraryContent without(String... tableNames) {
    Set<String> dropped = Set.of(tableNames);
    SortedMap<String, Table> kept = new TreeMap<>(tables);
    kept.keySet().removeAll(dropped);
    return new LibraryContent(
        schema.stream().filter(e -> !dropped.contains(e.tableName())).toList(), kept);
  }

  /**
   * The rows of the tables and columns this content shares with {@code other}, columns in name
   * order: what a migration must have kept. Compare {@code a.sharedWith(b)} with {@code
   * b.sharedWith(a)}.
   */
  public LibraryContent sharedWith(LibraryContent other) {
    SortedMap<String, Table> shared = new TreeMap<>();
    for (Table mine : tables.values()) {
      Table theirs = other.tables.get(mine.name());
      if (theirs == null) {
        continue;
      }
      List<String> columns =
          mine.columns().stream().filter(theirs.columns()::contains).sorted().toList();
      int[] positions = columns.stream().mapToInt(mine.columns()::indexOf).toArray();
      List<List<String>> rows =
          mine.rows().stream()
              .map(row -> Arrays.stream(positions).mapToObj(row::get).toList())
              .toList();
      shared.put(mine.name(), new Table(mine.name(), columns, rows));
    }
    return new LibraryContent(List.of(), shared);
  }

  /** Row count per table. */
  public Map<String, Integer> rowCounts() {
    return tables.values().stream()
        .collect(Collectors.toMap(Table::name, t -> t.rows().size(), (a, b) -> a, TreeMap::new));
  }

  private static Table readTable(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<String> keyColumns = new ArrayList<>();
    TreeMap<Integer, String> keyByPosition = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
      while (rs.next()) {
        String name = rs.getString("name");
        columns.add(name);
        if (rs.getInt("pk") > 0) {
          keyByPosition.put(rs.getInt("pk"), name);
        }
      }
    }
    keyColumns.addAll(keyByPosition.values());
    List<String> order = keyColumns.isEmpty() ? columns : keyColumns;

    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      String q = quote(columns.get(i));
      select.append(i == 0 ? "" : ", ").append("typeof(").append(q).append("), ").append(q);
    }
    select.append(" FROM ").append(quote(table));
    if (table.equals("_meta")) {
      select.append(" WHERE key <> 'library_id'");
    }
    select.append(" ORDER BY ");
    select.append(order.stream().map(LibraryContent::quote).collect(Collectors.joining(", ")));

    List<List<String>> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select.toString())) {
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
          row.add(render(rs, 2 * i + 1));
        }
        rows.add(List.copyOf(row));
      }
    }
    return new Table(table, List.copyOf(columns), List.copyOf(rows));
  }

  private static String render(ResultSet rs, int typeColumn) throws SQLException {
    String type = rs.getString(typeColumn);
    int value = typeColumn + 1;
    return switch (type) {
      case "null" -> "NULL";
      case "integer" -> "INTEGER " + rs.getLong(value);
      // Double.toString round-trips exactly, unlike SQLite's own 15-digit text.
      case "real" -> "REAL " + rs.getDouble(value);
      case "text" -> "TEXT " + quoteText(rs.getString(value));
      case "blob" -> "BLOB x'" + HexFormat.of().formatHex(rs.getBytes(value)) + "'";
      default -> throw new IllegalStateException("unknown SQLite type " + type);
    };
  }

  private static String quoteText(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
