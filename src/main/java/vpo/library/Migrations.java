package vpo.library;

import java.sql.Connection;
import java.sql.SQLException;

// TEMPORARY STUB until the schema branch is merged.
public final class Migrations {
  public static void migrate(Connection c, int from, int to) throws SQLException {}
}
