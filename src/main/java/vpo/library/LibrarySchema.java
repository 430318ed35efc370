package vpo.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a VPO library at schema version {@value #CURRENT_VERSION}: creating it in an empty
 * database and reading the version an existing library declares.
 *
 * <p>The DDL lives in one resource, {@code schema-v27.sql}, written to match the Python VPO's text
 * so a library made by either program is the same library to both. {@link Migrations} takes the
 * tables and indexes it recreates from the same resource.
 */
public final class LibrarySchema {
  /** The schema version vpo creates and works with. */
  public static final int CURRENT_VERSION = 27;

  /** The oldest schema version vpo can migrate forward to {@link #CURRENT_VERSION}. */
  public static final int OLDEST_MIGRATABLE = 25;

  private static final String DDL_RESOURCE = "schema-v27.sql";
  private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE TABLE (\\w+)");
  private static final Pattern CREATE_INDEX =
      Pattern.compile("^CREATE (?:UNIQUE )?INDEX (\\w+)\\s+ON (\\w+)\\(");

  private static final List<String> DDL = loadDdl();

  private LibrarySchema() {}

  /**
   * Every statement that creates the version {@value #CURRENT_VERSION} layout, in execution order:
   * each table followed by its indexes. Without the {@code _meta} version row.
   */
  public static List<String> ddl() {
    return DDL;
  }

  /**
   * Creates the version {@value #CURRENT_VERSION} layout and records the version in {@code _meta},
   * all in one transaction: either the whole library exists afterwards or nothing does.
   *
   * @param c a connection in auto-commit mode to an empty database
   * @throws IllegalStateException if the database already holds tables
   */
  public static void create(Connection c) throws SQLException {
    inImmediateTransaction(
        c,
        () -> {
          // Checked under the write lock, so two processes creating at once cannot interleave.
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE"
                          + " '\\'")) {
            if (rs.next() && rs.getInt(1) > 0) {
              throw new IllegalStateException(
                  "cannot create a library schema in a database that already has tables");
            }
          }
          try (Statement s = c.createStatement()) {
            for (String statement : DDL) {
              s.executeUpdate(statement);
            }
          }
          writeVersion(c, CURRENT_VERSION);
        });
  }

  /**
   * The schema version the library declares in {@code _meta}, or {@code null} when it declares none
   * (no {@code _meta} table, or no {@code schema_version} row).
   *
   * @throws SchemaIncompatibleException if the stored value is not an integer
   */
  public static Integer readVersion(Connection c) throws SQLException {
    if (!tableExists(c, "_meta")) {
      return null;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM _meta WHERE key = 'schema_version'")) {
      if (!rs.next()) {
        return null;
      }
      String raw = rs.getString(1);
      if (raw == null) {
        throw SchemaIncompatibleException.unreadable("NULL");
      }
      try {
        // Python VPO reads it with int(), which tolerates surrounding whitespace.
        return Integer.valueOf(raw.strip());
      } catch (NumberFormatException e) {
        throw SchemaIncompatibleException.unreadable(raw);
      }
    }
  }

  /** The {@code CREATE TABLE} statement for {@code table}. */
  static String createTableStatement(String table) {
    for (String statement : DDL) {
      Matcher m = CREATE_TABLE.matcher(statement);
      if (m.find() && m.group(1).equals(table)) {
        return statement;
      }
    }
    throw new IllegalArgumentException("no table " + table + " in the schema");
  }

  /** The named indexes of {@code table}, as index name and {@code CREATE INDEX} statement. */
  static List<NamedIndex> indexesOf(String table) {
    List<NamedIndex> indexes = new ArrayList<>();
    for (String statement : DDL) {
      Matcher m = CREATE_INDEX.matcher(statement);
      if (m.find() && m.group(2).equals(table)) {
        indexes.add(new NamedIndex(m.group(1), statement));
      }
    }
    return indexes;
  }

  /** The definition of one column as the schema writes it, e.g. {@code container_tags TEXT}. */
  static String columnDefinition(String table, String column) {
    Matcher m =
        Pattern.compile(
                "^\\s*(" + Pattern.quote(column) + "\\s[^,\\n]*?),?\\s*$", Pattern.MULTILINE)
            .matcher(createTableStatement(table));
    if (!m.find()) {
      throw new IllegalArgumentException("no column " + table + "." + column + " in the schema");
    }
    return m.group(1);
  }

  record NamedIndex(String name, String statement) {}

  static void writeVersion(Connection c, int version) throws SQLException {
    writeMeta(c, "schema_version", Integer.toString(version));
  }

  /** The {@code _meta} row {@code key}, or null when there is no such row (or no {@code _meta}). */
  static String readMeta(Connection c, String key) throws SQLException {
    if (!tableExists(c, "_meta")) {
      return null;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM _meta WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Sets the {@code _meta} row {@code key} to {@code value}. */
  static void writeMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  static boolean tableExists(Connection c, String table) throws SQLException {
    return schemaObjectExists(c, "table", table);
  }

  static boolean indexExists(Connection c, String index) throws SQLException {
    return schemaObjectExists(c, "index", index);
  }

  private static boolean schemaObjectExists(Connection c, String type, String name)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?")) {
      ps.setString(1, type);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Work done inside a transaction; any exception rolls it back. */
  @FunctionalInterface
  interface SqlWork {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction. Immediate, because every caller
   * writes: taking the write lock up front means a concurrent writer makes us wait (busy timeout)
   * instead of failing halfway with a lock upgrade error.
   */
  static void inImmediateTransaction(Connection c, SqlWork work) throws SQLException {
    if (!c.getAutoCommit()) {
      throw new IllegalStateException(
          "schema changes manage their own transaction; pass a connection in auto-commit mode");
    }
    execute(c, "BEGIN IMMEDIATE");
    try {
      work.run();
      execute(c, "COMMIT");
    } catch (Throwable failure) {
      try {
        execute(c, "ROLLBACK");
      } catch (SQLException rollbackFailure) {
        failure.addSuppressed(rollbackFailure);
      }
      throw failure;
    }
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> loadDdl() {
    String text;
    try (InputStream in = LibrarySchema.class.getResourceAsStream(DDL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DDL_RESOURCE);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String part : withoutComments.toString().split(";[ \\t]*\\n")) {
      String statement = part.strip();
      if (!statement.isEmpty()) {
        statements.add(statement);
      }
    }
    return List.copyOf(statements);
  }
}
