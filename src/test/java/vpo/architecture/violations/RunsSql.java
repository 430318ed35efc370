package vpo.architecture.violations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Code outside the library package that talks to SQLite itself. */
public final class RunsSql {
  private RunsSql() {}

  static int count(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return c.createStatement().executeQuery("SELECT COUNT(*) FROM files").getInt(1);
    }
  }
}
