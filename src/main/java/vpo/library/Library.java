package vpo.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import vpo.fs.PrivateFiles;

/**
 * An open VPO library: one SQLite connection configured as the Python VPO configures its own (WAL,
 * foreign keys on, a busy timeout), so a library made by either program is valid for the other.
 * Opening an older library migrates it; a newer one is only ever opened read-only.
 */
public final class Library implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Library.class);

  /**
   * How long a statement waits for another process's lock before failing as locked: 10 s, as the
   * Python VPO, or {@code VPO_BUSY_TIMEOUT_MS}.
   */
  public static final int BUSY_TIMEOUT_MS = busyTimeout();

  /** What the caller will do with the library. */
  public enum Access {
    /**
     * The command only reads. A library newer than vpo supports is opened read-only; an older one
     * is still migrated, as every command that opens it does.
     */
    READ,
    /** The command writes. Older libraries are migrated first; newer ones are refused. */
    WRITE
  }

  /** Called before a migration writes anything, so a safety archive can be taken. */
  @FunctionalInterface
  public interface MigrationHook {
    void beforeMigration(Path library, int fromVersion);

    MigrationHook NONE = (library, fromVersion) -> {};
  }

  private final Path file;
  private final Connection connection;
  private final int schemaVersion;
  private final boolean readOnly;

  private Library(Path file, Connection connection, int schemaVersion, boolean readOnly) {
    this.file = file;
    this.connection = connection;
    this.schemaVersion = schemaVersion;
    this.readOnly = readOnly;
  }

  /** Opens the existing library at {@code file}. */
  public static Library open(Path file, Access access, MigrationHook hook) {
    if (!Files.isRegularFile(file)) {
      throw new LibraryNotFoundException(file);
    }
    int version = peekVersion(file);
    if (version > LibrarySchema.CURRENT_VERSION) {
      if (access == Access.WRITE) {
        throw SchemaIncompatibleException.newerThanSupported(version);
      }
      return new Library(file, connect(file, true), version, true);
    }
    if (version < LibrarySchema.OLDEST_MIGRATABLE) {
      throw SchemaIncompatibleException.olderThanMigratable(version);
    }
    // A command that only reads a current library in rollback mode gets a read-only connection,
    // which leaves the file exactly as it is (read-write would switch it to WAL). A WAL library
    // is opened read-write as VPO opens it: only such a connection removes the -wal and -shm it
    // needs when it closes.
    boolean readOnly =
        access == Access.READ && version == LibrarySchema.CURRENT_VERSION && !isWal(file);
    Connection c = connect(file, readOnly);
    try {
      if (version < LibrarySchema.CURRENT_VERSION) {
        hook.beforeMigration(file, version);
        log.atInfo()
            .addKeyValue("library", file)
            .addKeyValue("from_version", version)
            .addKeyValue("to_version", LibrarySchema.CURRENT_VERSION)
            .log("migrating library");
        Migrations.migrate(c, version, LibrarySchema.CURRENT_VERSION);
        version = LibrarySchema.CURRENT_VERSION;
      }
      return new Library(file, c, version, readOnly);
    } catch (SQLException e) {
      closeQuietly(c);
      throw SqliteErrors.translate(e, file, "migrating the schema");
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Opens {@code file} exactly as it is: no migration, no version rules, no journal-mode change.
   * For taking safety copies of libraries that are about to change.
   */
  public static Library openAsIs(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new LibraryNotFoundException(file);
    }
    int version = peekVersion(file);
    try {
      return new Library(file, open(file, SQLiteOpenMode.READWRITE), version, false);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "opening the library");
    }
  }

  /** Creates a new, empty library at the current schema version. Fails if the file exists. */
  public static Library create(Path file) {
    if (Files.exists(file)) {
      throw new LibraryException(
          "cannot create library: " + file + " already exists", "open it instead, or remove it");
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      PrivateFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new LibraryException(
          "cannot create the directory for " + file + ": " + e.getMessage(),
          "check the permissions of its parent directory",
          e);
    }
    Connection c = null;
    try {
      c = open(file, SQLiteOpenMode.CREATE);
      PrivateFiles.restrict(file);
      LibrarySchema.create(c);
      return new Library(file, c, LibrarySchema.CURRENT_VERSION, false);
    } catch (SQLException e) {
      closeQuietly(c);
      throw SqliteErrors.translate(e, file, "creating the library");
    } catch (IOException e) {
      closeQuietly(c);
      throw new LibraryException("cannot secure " + file + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * A connection configured like VPO's. Read-write connections switch the library to WAL; read-only
   * ones leave the file exactly as it is.
   */
  public static Connection connect(Path file, boolean readOnly) {
    try {
      Connection c = open(file, readOnly ? SQLiteOpenMode.READONLY : SQLiteOpenMode.READWRITE);
      if (!readOnly) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
        } catch (SQLException e) {
          closeQuietly(c);
          throw e;
        }
      }
      return c;
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "opening the library");
    }
  }

  private static Connection open(Path file, SQLiteOpenMode mode) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.resetOpenMode(SQLiteOpenMode.READWRITE);
    config.setOpenMode(mode);
    if (mode == SQLiteOpenMode.CREATE) {
      config.setOpenMode(SQLiteOpenMode.READWRITE);
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    }
    if (mode == SQLiteOpenMode.READONLY) {
      config.setReadOnly(true);
    }
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * A plain read-write connection with vpo's busy timeout and nothing else: no journal-mode change
   * and no schema checks. Fails rather than create a missing file.
   */
  public static Connection rawConnection(Path file) throws SQLException {
    return open(file, SQLiteOpenMode.READWRITE);
  }

  /** Whether the file's header says WAL mode (byte 18, the file format write version, is 2). */
  static boolean isWal(Path file) {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(20);
      while (header.hasRemaining() && ch.read(header) > 0) {
        // Keep reading until the header is in.
      }
      return header.position() == 20 && header.get(18) == 2;
    } catch (IOException e) {
      return true;
    }
  }

  /** Reads the schema version without changing anything in the file. */
  public static int peekVersion(Path file) {
    try (Connection c = open(file, SQLiteOpenMode.READONLY)) {
      Integer v = LibrarySchema.readVersion(c);
      if (v == null) {
        throw new LibraryException(
            file + " is not a VPO library (it has no schema version in _meta)",
            "check --db, VPO_DATABASE_PATH or database_path in the config");
      }
      return v;
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "reading the schema version");
    }
  }

  public Path path() {
    return file;
  }

  public Connection connection() {
    return connection;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing connection failed", e);
    }
  }

  /** A single long value from {@code sql}, or 0 when it yields nothing. */
  public long queryLong(String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  private static int busyTimeout() {
    String configured =
        System.getProperty("vpo.busyTimeoutMs", System.getenv("VPO_BUSY_TIMEOUT_MS"));
    if (configured != null) {
      try {
        return Math.max(0, Integer.parseInt(configured.trim()));
      } catch (NumberFormatException ignored) {
        // Fall back to the default below.
      }
    }
    return 10_000;
  }
}
