package vpo.library;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.VpoException;

/**
 * What restoring one library over another would change, computed by SQLite inside both files: for
 * each VPO table that holds user data, the rows the restore would remove, bring back and change,
 * with the first few keys of each group.
 *
 * <p>Both files are read through one read-only connection (the restored library attached to the
 * replaced one) in one read transaction, so each is compared as one committed state even while
 * another process writes the replaced library. Nothing is written to either file, and no side file
 * is left that was not there before. Rows are never held in memory: each table is scanned once per
 * side, the other side's row found through its primary key's index, and only the rows that differ
 * reach Java, where they are counted and the smallest keys kept. Memory is bounded by SQLite's page
 * caches ({@link #CACHE_KIB} per file) and the samples.
 *
 * <p>Matching rules:
 *
 * <ul>
 *   <li>Rows are matched by primary key (backups keep ids). A row is <em>removed</em> when the
 *       replaced library has it and the restored one does not, <em>added</em> when only the
 *       restored one has it, <em>changed</em> when both have it and any column the two layouts
 *       share differs (typed comparison, {@code IS NOT}: {@code 1} and {@code '1'} differ).
 *   <li>{@code files} is also matched by path: a file that exists in one library only under one id
 *       and in the other only under another id, at the same path (deleted and scanned again), is
 *       one changed file, not a removed and an added one. A file that kept its id but moved is
 *       changed too. Matching by id comes first; only rows without an id match pair up by path.
 *   <li>A table without a primary key (none in the VPO schema) is compared as two sets of rows over
 *       the shared columns: rows only in one are removed or added, nothing is "changed", and no
 *       samples are taken.
 *   <li>A table only one library has counts all its rows as removed or added.
 * </ul>
 *
 * <p>Samples are the first keys of each group in SQLite's order: paths for {@code files} (the
 * replaced library's path for removed and changed files, the restored one's for added files), the
 * primary key's value for the other tables.
 */
public final class LibraryDiff {
  private static final Logger log = LoggerFactory.getLogger(LibraryDiff.class);

  /** How many keys per group a report shows unless asked otherwise ({@code --show}). */
  public static final int DEFAULT_SAMPLE_SIZE = 5;

  /**
   * The VPO tables that hold user data, in the order reports list them: what was scanned ({@code
   * files}, {@code tracks}), what VPO did and is doing ({@code jobs}, {@code operations}, {@code
   * plans}, processing statistics), what the user decided ({@code policies}, {@code
   * plugin_acknowledgments}), what analysis found, and the library's own history ({@code
   * library_snapshots}). Every table of the schema except {@code _meta}, which holds only the
   * schema version (reported on its own), and SQLite's internal tables ({@code sqlite_sequence},
   * {@code sqlite_stat1}), which hold no data of the user's.
   */
  public static final List<String> USER_TABLES =
      List.of(
          "files",
          "tracks",
          "jobs",
          "operations",
          "plans",
          "processing_stats",
          "action_results",
          "performance_metrics",
          "policies",
          "plugin_acknowledgments",
          "transcription_results",
          "language_analysis_results",
          "language_segments",
          "track_classification_results",
          "library_snapshots");

  /** Page cache per file, and for SQLite's temporary tables: 16 MiB each. */
  static final int CACHE_KIB = 16 * 1024;

  private static final String RESTORED = "restored";

  private LibraryDiff() {}

  /**
   * Compares {@code replaced} (the library a restore would replace, typically the one in use) with
   * {@code restored} (the library the restore would install, already migrated to the current schema
   * if it was older). Reads both strictly read-only; the replaced library may be open in another
   * process meanwhile. No other connection of this process may have either file open (see {@link
   * Library.Mode#READ_ONLY}).
   *
   * @param sampleSize the most keys kept per group (removed, added, changed) of each table; 0 for
   *     none
   * @throws LibraryDiffException if either file is missing, is not a VPO library, or cannot be read
   */
  public static LibraryDifference compare(Path replaced, Path restored, int sampleSize) {
    if (sampleSize < 0) {
      throw new IllegalArgumentException("sample size must be 0 or more: " + sampleSize);
    }
    requireFile(replaced);
    requireFile(restored);
    long started = System.nanoTime();
    try (Reading libraries = Reading.open(replaced, restored)) {
      Connection c = libraries.library.connection();
      try {
        // One read transaction: each file is read as one committed state.
        c.setAutoCommit(false);
        LibraryDifference difference =
            new Comparison(c, libraries, replaced, restored, sampleSize).run();
        c.rollback();
        log.atInfo()
            .addKeyValue("replaced", replaced)
            .addKeyValue("restored", restored)
            .addKeyValue("removed", difference.totalRemoved())
            .addKeyValue("added", difference.totalAdded())
            .addKeyValue("changed", difference.totalChanged())
            .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000)
            .log("compared libraries");
        return difference;
      } catch (SQLException e) {
        if (libraries.interrupted()) {
          throw new LibraryDiffException("comparison interrupted", null, e);
        }
        throw failure(e, replaced, "comparing it with " + restored);
      }
    }
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new LibraryDiffException(
          "cannot compare libraries: " + file + " does not exist or is not a file",
          "check the path",
          null);
    }
  }

  /** A failure to compare, naming the file (see {@link #cannotCompare}). */
  static VpoException failure(SQLException e, Path file, String doing) {
    return cannotCompare(SqliteErrors.translate(e, file, doing), file);
  }

  /**
   * A lock held by another process stays what it is (exit 4); anything else says the comparison
   * could not be made, naming {@code file} and why.
   */
  private static VpoException cannotCompare(VpoException e, Path file) {
    if (e instanceof LibraryLockedException) {
      return e;
    }
    String what =
        e instanceof LibraryDamagedException
            ? file + " is damaged or not a SQLite database"
            : e.getMessage();
    return new LibraryDiffException("cannot compare libraries: " + what, e.hint(), e);
  }

  /**
   * Both libraries through one strictly read-only connection ({@link Library.Mode#READ_ONLY}, the
   * restored one attached), with bounded memory, for one comparison. On Ctrl-C a shutdown hook
   * stops the running statement and waits until the connection is closed and the side files it
   * created are removed.
   */
  private static final class Reading implements AutoCloseable {
    private final Thread shutdownHook = new Thread(this::interruptAndWait, "vpo-diff-cleanup");
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private Library library;
    private boolean isClosed;
    private volatile boolean interrupted;

    /**
     * Registers the shutdown hook before the first file is opened, so that a Ctrl-C at any moment
     * finds either nothing open or a connection it can close.
     */
    static Reading open(Path replaced, Path restored) {
      Reading reading = new Reading();
      try {
        Runtime.getRuntime().addShutdownHook(reading.shutdownHook);
      } catch (IllegalStateException e) {
        throw new LibraryDiffException("cannot compare libraries: vpo is shutting down", null, e);
      }
      try {
        synchronized (reading.lifecycle) {
          if (reading.interrupted) {
            throw new LibraryDiffException(
                "cannot compare libraries: vpo is shutting down", null, null);
          }
          reading.library = Library.open(replaced, Library.Mode.READ_ONLY);
        }
      } catch (VpoException e) {
        reading.close();
        throw e instanceof LibraryDiffException d ? d : cannotCompare(e, replaced);
      }
      try {
        reading.library.attachReadOnly(restored, RESTORED);
        reading.library.limitMemory(CACHE_KIB, List.of("main", RESTORED, "temp"));
      } catch (VpoException e) {
        reading.close();
        throw cannotCompare(e, restored);
      }
      return reading;
    }

    /** Whether a shutdown (Ctrl-C) asked the work to stop. */
    boolean interrupted() {
      return interrupted;
    }

    @Override
    public void close() {
      synchronized (lifecycle) {
        if (isClosed) {
          return;
        }
        isClosed = true;
      }
      try {
        if (library != null) {
          library.close();
        }
      } finally {
        closed.countDown();
        if (!interrupted) {
          try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
          } catch (IllegalStateException e) {
            // Shutting down already: the hook is waiting for the cleanup just done.
          }
        }
      }
    }

    private void interruptAndWait() {
      interrupted = true;
      synchronized (lifecycle) {
        if (!isClosed && library != null) {
          library.interrupt();
        }
      }
      try {
        closed.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One comparison: the connection, both layouts, and the results so far. */
  private static final class Comparison {
    private final Connection c;
    private final Reading libraries;
    private final Path replaced;
    private final Path restored;
    private final int sampleSize;

    Comparison(Connection c, Reading libraries, Path replaced, Path restored, int sampleSize) {
      this.c = c;
      this.libraries = libraries;
      this.replaced = replaced;
      this.restored = restored;
      this.sampleSize = sampleSize;
    }

    LibraryDifference run() throws SQLException {
      int replacedVersion = schemaVersion("main", replaced);
      int restoredVersion = schemaVersion(RESTORED, restored);
      List<String> replacedTables = tables("main");
      List<String> restoredTables = tables(RESTORED);

      Map<String, List<String>> columnsOnlyInReplaced = new LinkedHashMap<>();
      Map<String, List<String>> columnsOnlyInRestored = new LinkedHashMap<>();
      List<TableDifference> differences = new ArrayList<>();
      for (String table : USER_TABLES) {
        long tableStarted = System.nanoTime();
        boolean inReplaced = replacedTables.contains(table);
        boolean inRestored = restoredTables.contains(table);
        if (inReplaced && inRestored) {
          Layout mine = layout("main", table);
          Layout theirs = layout(RESTORED, table);
          List<String> onlyMine = without(mine.columns(), theirs.columns());
          List<String> onlyTheirs = without(theirs.columns(), mine.columns());
          if (!onlyMine.isEmpty()) {
            columnsOnlyInReplaced.put(table, onlyMine);
          }
          if (!onlyTheirs.isEmpty()) {
            columnsOnlyInRestored.put(table, onlyTheirs);
          }
          differences.add(compareTable(table, mine, theirs));
        } else if (inReplaced) {
          differences.add(oneSide(table, "main", layout("main", table), true));
        } else if (inRestored) {
          differences.add(oneSide(table, RESTORED, layout(RESTORED, table), false));
        }
        log.atDebug()
            .addKeyValue("table", table)
            .addKeyValue("duration_ms", (System.nanoTime() - tableStarted) / 1_000_000)
            .log("compared table");
      }
      SchemaDifference schema =
          new SchemaDifference(
              without(replacedTables, restoredTables).stream().sorted().toList(),
              without(restoredTables, replacedTables).stream().sorted().toList(),
              columnsOnlyInReplaced,
              columnsOnlyInRestored);
      return new LibraryDifference(
          replacedVersion, restoredVersion, schema, differences, sampleSize);
    }

    /**
     * The version in {@code schema}'s {@code _meta}. This is the first read of each file, so a file
     * that is no database fails here, named.
     */
    private int schemaVersion(String schema, Path file) {
      String value = null;
      try {
        if (count(
                "SELECT count(*) FROM "
                    + schema
                    + ".sqlite_master WHERE type = 'table' AND name = '_meta'")
            > 0) {
          try (Statement s = c.createStatement();
              ResultSet r =
                  s.executeQuery(
                      "SELECT value FROM " + schema + "._meta WHERE key = 'schema_version'")) {
            value = r.next() ? r.getString(1) : null;
          }
        }
      } catch (SQLException e) {
        throw failure(e, file, "reading its schema version");
      }
      try {
        return Integer.parseInt(value == null ? "" : value.trim());
      } catch (NumberFormatException e) {
        throw new LibraryDiffException(
            "cannot compare libraries: "
                + file
                + " is not a VPO library (it has no schema version in _meta)",
            "check the path",
            null);
      }
    }

    /** The tables of {@code schema} that are neither SQLite's own nor {@code _meta}. */
    private List<String> tables(String schema) throws SQLException {
      List<String> names = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT name FROM "
                      + schema
                      + ".sqlite_master WHERE type = 'table'"
                      + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_meta'"
                      + " ORDER BY name")) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      return names;
    }

    private Layout layout(String schema, String table) throws SQLException {
      List<String> columns = new ArrayList<>();
      Map<Integer, String> key = new TreeMap<>();
      try (PreparedStatement p =
          c.prepareStatement("SELECT name, pk FROM pragma_table_info(?, ?) ORDER BY cid")) {
        p.setString(1, table);
        p.setString(2, schema);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            columns.add(r.getString(1));
            if (r.getInt(2) > 0) {
              key.put(r.getInt(2), r.getString(1));
            }
          }
        }
      }
      return new Layout(columns, List.copyOf(key.values()));
    }

    private TableDifference compareTable(String table, Layout mine, Layout theirs)
        throws SQLException {
      List<String> shared = mine.columns().stream().filter(theirs.columns()::contains).toList();
      List<String> key = mine.key();
      if (key.isEmpty() || !key.equals(theirs.key())) {
        return compareAsSets(table, shared);
      }
      boolean byPath =
          table.equals("files") && key.equals(List.of("id")) && shared.contains("path");
      List<String> sampleKey = byPath ? List.of("path") : key;
      List<String> compared = shared.stream().filter(col -> !key.contains(col)).toList();
      String t = Library.quote(table);
      String keyCols = columnsOf("b", sampleKey);

      String matched =
          key.stream().map(k -> "x." + q(k) + " = b." + q(k)).collect(joining(" AND "));
      String missing = "x." + q(key.get(0)) + " IS NULL";
      String differs =
          compared.isEmpty()
              ? missing
              : missing + " OR " + row("b", compared) + " IS NOT " + row("x", compared);
      String kind = "CASE WHEN " + missing + " THEN 0 ELSE 1 END";
      if (byPath) {
        // An id only here whose path has, in the restored library, a row whose id is only there.
        kind =
            "CASE WHEN x.\"id\" IS NOT NULL OR EXISTS (SELECT 1 FROM "
                + RESTORED
                + ".files p WHERE p.\"path\" = b.\"path\""
                + " AND NOT EXISTS (SELECT 1 FROM main.files q WHERE q.\"id\" = p.\"id\"))"
                + " THEN 1 ELSE 0 END";
      }
      String replacedSide =
          "SELECT "
              + keyCols
              + ", "
              + kind
              + " FROM main."
              + t
              + " b LEFT JOIN "
              + RESTORED
              + "."
              + t
              + " x ON "
              + matched
              + " WHERE "
              + differs;
      Sample removed = new Sample(sampleSize);
      Sample changed = new Sample(sampleSize);
      stream(
          replacedSide,
          sampleKey.size(),
          (k, kindValue) -> (kindValue == 0 ? removed : changed).offer(k));

      String inverse =
          key.stream().map(k -> "b." + q(k) + " = x." + q(k)).collect(joining(" AND "));
      String restoredSide =
          "SELECT "
              + columnsOf("x", sampleKey)
              + ", 0 FROM "
              + RESTORED
              + "."
              + t
              + " x WHERE NOT EXISTS (SELECT 1 FROM main."
              + t
              + " b WHERE "
              + inverse
              + ")";
      if (byPath) {
        restoredSide +=
            " AND NOT EXISTS (SELECT 1 FROM main.files p WHERE p.\"path\" = x.\"path\""
                + " AND NOT EXISTS (SELECT 1 FROM "
                + RESTORED
                + ".files q WHERE q.\"id\" = p.\"id\"))";
      }
      Sample added = new Sample(sampleSize);
      stream(restoredSide, sampleKey.size(), (k, kindValue) -> added.offer(k));
      return new TableDifference(
          table,
          removed.count(),
          added.count(),
          changed.count(),
          removed.keys(),
          added.keys(),
          changed.keys(),
          String.join(", ", sampleKey));
    }

    /** Tables without a usable primary key: rows only in one or the other, as sets. */
    private TableDifference compareAsSets(String table, List<String> shared) throws SQLException {
      String t = Library.quote(table);
      long removed;
      long added;
      if (shared.isEmpty()) {
        removed = count("SELECT count(*) FROM main." + t);
        added = count("SELECT count(*) FROM " + RESTORED + "." + t);
      } else {
        String cols = shared.stream().map(LibraryDiff::q).collect(joining(", "));
        String mine = "SELECT " + cols + " FROM main." + t;
        String theirs = "SELECT " + cols + " FROM " + RESTORED + "." + t;
        removed = count("SELECT count(*) FROM (" + mine + " EXCEPT " + theirs + ")");
        added = count("SELECT count(*) FROM (" + theirs + " EXCEPT " + mine + ")");
      }
      return new TableDifference(table, removed, added, 0, List.of(), List.of(), List.of(), "");
    }

    /** A table only one library has: every row is removed (or added). */
    private TableDifference oneSide(String table, String schema, Layout layout, boolean removed)
        throws SQLException {
      String t = schema + "." + Library.quote(table);
      long rows = count("SELECT count(*) FROM " + t);
      List<String> sampleKey =
          table.equals("files") && layout.columns().contains("path")
              ? List.of("path")
              : layout.key();
      List<String> keys = new ArrayList<>();
      if (!sampleKey.isEmpty() && sampleSize > 0 && rows > 0) {
        String cols = columnsOf("b", sampleKey);
        Sample sample = new Sample(sampleSize);
        stream(
            "SELECT " + cols + ", 0 FROM " + t + " b ORDER BY " + cols + " LIMIT " + sampleSize,
            sampleKey.size(),
            (k, kind) -> sample.offer(k));
        keys = sample.keys();
      }
      List<String> none = List.of();
      return new TableDifference(
          table,
          removed ? rows : 0,
          removed ? 0 : rows,
          0,
          removed ? keys : none,
          removed ? none : keys,
          none,
          String.join(", ", sampleKey));
    }

    private long count(String sql) throws SQLException {
      stopIfInterrupted();
      log.trace("{}", sql);
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        return r.next() ? r.getLong(1) : 0;
      }
    }

    /**
     * SQLite forgets an interrupt that arrives between statements, so the next statement checks.
     */
    private void stopIfInterrupted() throws SQLException {
      if (libraries.interrupted()) {
        throw new SQLException("interrupted");
      }
    }

    /** Runs {@code sql}, whose columns are the key's and then a kind, row by row. */
    private void stream(String sql, int keyColumns, RowSink sink) throws SQLException {
      stopIfInterrupted();
      log.trace("{}", sql);
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          stopIfInterrupted();
          Object k;
          if (keyColumns == 1) {
            k = r.getObject(1);
          } else {
            List<Object> parts = new ArrayList<>(keyColumns);
            for (int i = 1; i <= keyColumns; i++) {
              parts.add(r.getObject(i));
            }
            k = parts;
          }
          sink.row(k, r.getInt(keyColumns + 1));
        }
      }
    }
  }

  @FunctionalInterface
  private interface RowSink {
    void row(Object key, int kind);
  }

  /** A table's columns in order, and its primary key's columns in key order. */
  private record Layout(List<String> columns, List<String> key) {}

  /**
   * A group's count and its smallest keys, in SQLite's order, holding at most the sample size: a
   * heap whose head is the largest key kept, replaced when a smaller one arrives.
   */
  private static final class Sample {
    private final int limit;
    private final PriorityQueue<Object> largestFirst;
    private long count;

    Sample(int limit) {
      this.limit = limit;
      this.largestFirst = new PriorityQueue<>(Math.max(1, limit), SQLITE_ORDER.reversed());
    }

    void offer(Object key) {
      count++;
      if (limit == 0) {
        return;
      }
      if (largestFirst.size() < limit) {
        largestFirst.add(key);
      } else if (SQLITE_ORDER.compare(key, largestFirst.peek()) < 0) {
        largestFirst.poll();
        largestFirst.add(key);
      }
    }

    long count() {
      return count;
    }

    List<String> keys() {
      List<Object> sorted = new ArrayList<>(largestFirst);
      sorted.sort(SQLITE_ORDER);
      return sorted.stream().map(LibraryDiff::display).toList();
    }
  }

  /**
   * SQLite's order of values (BINARY collation): NULL, then numbers by value, then text by code
   * point (the order of its UTF-8 bytes), then blobs byte by byte; lists element by element.
   */
  static final Comparator<Object> SQLITE_ORDER = LibraryDiff::compareValues;

  @SuppressWarnings("unchecked")
  private static int compareValues(Object a, Object b) {
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
        int c = compareValues(la.get(i), lb.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(la.size(), lb.size());
    }
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 0 -> 0;
      case 1 -> compareNumbers((Number) a, (Number) b);
      case 2 -> compareCodePoints((String) a, (String) b);
      default -> java.util.Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    };
  }

  private static int rank(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Number) {
      return 1;
    }
    if (v instanceof String) {
      return 2;
    }
    return 3;
  }

  private static int compareNumbers(Number a, Number b) {
    if ((a instanceof Integer || a instanceof Long)
        && (b instanceof Integer || b instanceof Long)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    return Double.compare(a.doubleValue(), b.doubleValue());
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static String display(Object key) {
    if (key instanceof List<?> parts) {
      return parts.stream().map(LibraryDiff::display).collect(joining(", "));
    }
    if (key == null) {
      return "NULL";
    }
    if (key instanceof byte[] bytes) {
      return "x'" + HexFormat.of().formatHex(bytes) + "'";
    }
    return key.toString();
  }

  private static String q(String identifier) {
    return Library.quote(identifier);
  }

  private static String columnsOf(String alias, List<String> columns) {
    return columns.stream().map(col -> alias + "." + q(col)).collect(joining(", "));
  }

  private static String row(String alias, List<String> columns) {
    return "(" + columnsOf(alias, columns) + ")";
  }

  private static List<String> without(List<String> these, List<String> those) {
    TreeSet<String> drop = new TreeSet<>(those);
    return these.stream().filter(n -> !drop.contains(n)).toList();
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining(String separator) {
    return Collectors.joining(separator);
  }
}
