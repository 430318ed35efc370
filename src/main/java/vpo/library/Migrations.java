package vpo.library;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Moves a library forward from schema version {@value LibrarySchema#OLDEST_MIGRATABLE} to {@value
 * LibrarySchema#CURRENT_VERSION}, one version per step.
 *
 * <p>Each step runs in one transaction, is idempotent (it checks what is already there, so a
 * library left half-migrated by another program is finished, not broken) and ends by writing its
 * version into {@code _meta}. A library outside the supported range is refused before anything is
 * written.
 */
public final class Migrations {
  private static final Pattern PRUNE_LITERAL = Pattern.compile("'prune'");

  private Migrations() {}

  /**
   * Migrates the library on {@code c} from {@code fromVersion} to {@code toVersion}.
   *
   * @param c a connection in auto-commit mode; its {@code foreign_keys} setting is the same
   *     afterwards
   * @param fromVersion the version the library declares now
   * @param toVersion the version wanted, at most {@link LibrarySchema#CURRENT_VERSION}
   * @throws SchemaIncompatibleException if {@code fromVersion} is outside what vpo can migrate
   * @throws IllegalArgumentException if the library does not declare {@code fromVersion}, or {@code
   *     toVersion} is not between it and the current version
   */
  public static void migrate(Connection c, int fromVersion, int toVersion) throws SQLException {
    if (fromVersion < LibrarySchema.OLDEST_MIGRATABLE) {
      throw SchemaIncompatibleException.olderThanMigratable(fromVersion);
    }
    if (fromVersion > LibrarySchema.CURRENT_VERSION) {
      throw SchemaIncompatibleException.newerThanSupported(fromVersion);
    }
    if (toVersion < fromVersion || toVersion > LibrarySchema.CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "cannot migrate from version " + fromVersion + " to " + toVersion);
    }
    Integer declared = LibrarySchema.readVersion(c);
    if (declared == null || declared != fromVersion) {
      throw new IllegalArgumentException(
          "the library declares schema version " + declared + ", not " + fromVersion);
    }
    for (int version = fromVersion; version < toVersion; version++) {
      switch (version) {
        case 25 -> migrate25to26(c);
        case 26 -> migrate26to27(c);
        default -> throw new IllegalStateException("no migration from version " + version);
      }
    }
  }

  /**
   * 25 → 26: {@code jobs.job_type} gains {@code 'prune'}; {@code library_snapshots} appears.
   *
   * <p>SQLite cannot alter a CHECK, so {@code jobs} is rebuilt. Foreign keys go off around the
   * transaction (the pragma is ignored inside one): with them on, dropping the old {@code jobs}
   * would run an implicit DELETE and null every {@code processing_stats.job_id}.
   */
  private static void migrate25to26(Connection c) throws SQLException {
    boolean foreignKeysWereOn = pragmaFlag(c, "foreign_keys");
    if (foreignKeysWereOn) {
      LibrarySchema.execute(c, "PRAGMA foreign_keys = OFF");
    }
    try {
      LibrarySchema.inImmediateTransaction(
          c,
          () -> {
            if (!stillAt(c, 25, 26)) {
              return;
            }
            rebuildJobsToAcceptPrune(c);
            createTableAndIndexesIfMissing(c, "library_snapshots");
            LibrarySchema.writeVersion(c, 26);
          });
    } finally {
      if (foreignKeysWereOn) {
        LibrarySchema.execute(c, "PRAGMA foreign_keys = ON");
      }
    }
  }

  /** 26 → 27: {@code files.container_tags} appears. */
  private static void migrate26to27(Connection c) throws SQLException {
    LibrarySchema.inImmediateTransaction(
        c,
        () -> {
          if (!stillAt(c, 26, 27)) {
            return;
          }
          if (!columnsOf(c, "files").contains("container_tags")) {
            LibrarySchema.execute(
                c,
                "ALTER TABLE files ADD COLUMN "
                    + LibrarySchema.columnDefinition("files", "container_tags"));
          }
          LibrarySchema.writeVersion(c, 27);
        });
  }

  /**
   * Rereads the version under the write lock: another process (the Python VPO, say) may have
   * migrated the library since {@link #migrate} looked.
   */
  private static boolean stillAt(Connection c, int from, int to) throws SQLException {
    Integer now = LibrarySchema.readVersion(c);
    if (now != null && now >= to) {
      return false;
    }
    if (now == null || now != from) {
      throw new IllegalStateException(
          "the library changed to schema version " + now + " while migrating from " + from);
    }
    return true;
  }

  /**
   * Replaces {@code jobs} with the current definition unless its CHECK already names {@code
   * 'prune'} (the test the Python VPO uses, so both agree on what "already migrated" means).
   *
   * <p>The old table is renamed aside, not the new one renamed into place: with {@code
   * legacy_alter_table} on and foreign keys off, the rename leaves {@code processing_stats}
   * pointing at {@code jobs}, and the new table is created from the canonical text, so a migrated
   * library's schema reads exactly like a fresh one.
   */
  private static void rebuildJobsToAcceptPrune(Connection c) throws SQLException {
    String jobsSql = tableSql(c, "jobs");
    if (jobsSql == null) {
      throw new SQLException("the library has no jobs table");
    }
    if (PRUNE_LITERAL.matcher(jobsSql).find()) {
      createTableAndIndexesIfMissing(c, "jobs");
      return;
    }
    Map<String, Integer> violationsBefore = foreignKeyViolations(c);
    List<String> oldColumns = columnsOf(c, "jobs");

    boolean legacyWasOn = pragmaFlag(c, "legacy_alter_table");
    LibrarySchema.execute(c, "PRAGMA legacy_alter_table = ON");
    try {
      LibrarySchema.execute(c, "ALTER TABLE jobs RENAME TO jobs_before_v26");
    } finally {
      if (!legacyWasOn) {
        LibrarySchema.execute(c, "PRAGMA legacy_alter_table = OFF");
      }
    }
    LibrarySchema.execute(c, LibrarySchema.createTableStatement("jobs"));
    String shared =
        columnsOf(c, "jobs").stream()
            .filter(oldColumns::contains)
            .map(Library::quote)
            .collect(Collectors.joining(", "));
    LibrarySchema.execute(
        c, "INSERT INTO jobs (" + shared + ") SELECT " + shared + " FROM jobs_before_v26");
    // Dropping the old table drops the old indexes with it, freeing their names.
    LibrarySchema.execute(c, "DROP TABLE jobs_before_v26");
    createTableAndIndexesIfMissing(c, "jobs");

    // Step 10 of SQLite's procedure for schema changes: the rebuild must not have broken any
    // reference. Violations the library already had are its own business, not a reason to stay
    // at version 25; only new ones abort.
    Map<String, Integer> violationsAfter = foreignKeyViolations(c);
    for (Map.Entry<String, Integer> e : violationsAfter.entrySet()) {
      if (e.getValue() > violationsBefore.getOrDefault(e.getKey(), 0)) {
        throw new SQLException(
            "rebuilding jobs would break foreign key " + e.getKey() + "; nothing was changed");
      }
    }
  }

  private static void createTableAndIndexesIfMissing(Connection c, String table)
      throws SQLException {
    if (!LibrarySchema.tableExists(c, table)) {
      LibrarySchema.execute(c, LibrarySchema.createTableStatement(table));
    }
    for (LibrarySchema.NamedIndex index : LibrarySchema.indexesOf(table)) {
      if (!LibrarySchema.indexExists(c, index.name())) {
        LibrarySchema.execute(c, index.statement());
      }
    }
  }

  /** Violation counts of the references into and out of {@code jobs}, keyed "child → parent". */
  private static Map<String, Integer> foreignKeyViolations(Connection c) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    for (String table : List.of("jobs", "processing_stats")) {
      // processing_stats is optional, as the Python VPO's migration treats it: a library that never
      // recorded statistics may lack it, and has no reference of it to break.
      if (!LibrarySchema.tableExists(c, table)) {
        continue;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA foreign_key_check(" + Library.quote(table) + ")")) {
        while (rs.next()) {
          counts.merge(rs.getString("table") + " → " + rs.getString("parent"), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private static String tableSql(Connection c, String table) throws SQLException {
    try (var ps =
        c.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static List<String> columnsOf(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + Library.quote(table) + ")")) {
      while (rs.next()) {
        columns.add(rs.getString("name"));
      }
    }
    return columns;
  }

  private static boolean pragmaFlag(Connection c, String pragma) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      return rs.next() && rs.getInt(1) != 0;
    }
  }
}
