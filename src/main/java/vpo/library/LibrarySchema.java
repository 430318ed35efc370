package vpo.library;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

// TEMPORARY STUB until the schema branch is merged.
public final class LibrarySchema {
  public static final int CURRENT_VERSION = 27;
  public static final int OLDEST_MIGRATABLE = 25;

  public static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE _meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)");
      s.execute(
          "CREATE TABLE files (id INTEGER PRIMARY KEY AUTOINCREMENT, size_bytes INTEGER NOT NULL)");
      s.execute("CREATE TABLE tracks (id INTEGER PRIMARY KEY AUTOINCREMENT)");
      s.execute("INSERT INTO _meta VALUES ('schema_version','27')");
    }
  }

  public static Integer readVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT value FROM _meta WHERE key='schema_version'")) {
      return r.next() ? Integer.valueOf(r.getString(1)) : null;
    } catch (SQLException e) {
      if (e.getMessage().contains("no such table")) return null;
      throw e;
    }
  }
}
