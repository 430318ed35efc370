package vpo.library;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteOpenMode;
import vpo.config.BusyTimeout;
import vpo.fs.PrivateFiles;

/**
 * An open VPO library: one SQLite connection configured as the Python VPO configures its own
 * (foreign keys on, a busy timeout, WAL for the libraries it uses), so a library made by either
 * program is valid for the other. Every SQL statement vpo runs lives in this package, most of them
 * here.
 *
 * <p>There is one way to open a file, {@link #open}, with a named {@link Mode}, and one way to make
 * a new library, {@link #create}.
 */
public final class Library implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Library.class);

  private static volatile Duration busyTimeout = BusyTimeout.DEFAULT;

  /** How a file is opened, named for what the caller will do with it. */
  public enum Mode {
    /**
     * The user's library, for a command that only reads it. A library newer than vpo supports is
     * opened read-only; an older one is still migrated, as every command that opens it does; a
     * current one in rollback mode is read through a read-only connection, which leaves the file
     * exactly as it is.
     */
    READ,
    /** The user's library, for a command that writes it. Older is migrated; newer is refused. */
    WRITE,
    /**
     * A file that is not yet the user's library (a snapshot, a database extracted from an archive,
     * the library about to be replaced): opened read-write exactly as it is, with no version rules,
     * no migration and no journal-mode change. It need not even be a VPO library.
     */
    AS_IS,
    /**
     * A library that must stay exactly as it is while another process may be using it (comparing it
     * with an archive): a read-only connection that refuses every write, no version rules, and the
     * {@code -wal}/{@code -shm} it had to create removed when it closes, if nobody else has the
     * library open.
     */
    READ_ONLY
  }

  /** Called before a migration writes anything, so a safety archive can be taken. */
  @FunctionalInterface
  public interface MigrationHook {
    void beforeMigration(Path library, int fromVersion);

    MigrationHook NONE = (library, fromVersion) -> {};
  }

  /**
   * The {@code _meta} key of the library's identity: a random UUID given when vpo creates the
   * library or first backs it up, kept through backups and restores, so archives can say which
   * library they came from wherever it is moved. The Python VPO reads only {@code schema_version}
   * from {@code _meta} and leaves other rows alone.
   */
  static final String LIBRARY_ID = "library_id";

  private final Path file;
  private final Connection connection;
  private final boolean readOnly;
  private Integer schemaVersion;

  /** For read-only connections: what was beside each file opened, to remove what they add. */
  private final List<LibraryGuard.SideFiles> sideFilesBefore = new ArrayList<>();

  private Library(Path file, Connection connection, Integer schemaVersion, boolean readOnly) {
    this.file = file;
    this.connection = connection;
    this.schemaVersion = schemaVersion;
    this.readOnly = readOnly;
  }

  /**
   * How long a statement waits for another process's lock before failing as locked. Set once per
   * run from the configuration ({@link BusyTimeout}); every connection opened afterwards uses it.
   */
  public static void setBusyTimeout(Duration timeout) {
    busyTimeout = timeout.isNegative() ? Duration.ZERO : timeout;
  }

  public static Duration busyTimeout() {
    return busyTimeout;
  }

  /** Opens the existing file {@code file} as {@code mode} says, without a migration hook. */
  public static Library open(Path file, Mode mode) {
    return open(file, mode, MigrationHook.NONE);
  }

  /**
   * Opens the existing file {@code file} as {@code mode} says; {@code hook} runs before a library
   * older than vpo is migrated (modes {@link Mode#READ} and {@link Mode#WRITE}).
   *
   * @throws LibraryNotFoundException if there is no such file
   * @throws SchemaIncompatibleException if the library's version rules out {@code mode}
   */
  public static Library open(Path file, Mode mode, MigrationHook hook) {
    if (!Files.isRegularFile(file)) {
      throw new LibraryNotFoundException(file);
    }
    if (mode == Mode.AS_IS) {
      return new Library(
          file, connect(file, SQLiteOpenMode.READWRITE, "opening the library"), null, false);
    }
    if (mode == Mode.READ_ONLY) {
      return readOnly(file, null);
    }
    rollBackUnfinished(file);
    int version = peekVersion(file);
    if (version > LibrarySchema.CURRENT_VERSION) {
      if (mode == Mode.WRITE) {
        throw SchemaIncompatibleException.newerThanSupported(version);
      }
      return readOnly(file, version);
    }
    if (version < LibrarySchema.OLDEST_MIGRATABLE) {
      throw SchemaIncompatibleException.olderThanMigratable(version);
    }
    // A command that only reads a current library in rollback mode gets a read-only connection,
    // which leaves the file exactly as it is (read-write would switch it to WAL). A WAL library
    // is opened read-write as VPO opens it: only such a connection removes the -wal and -shm it
    // needs when it closes.
    boolean readOnly =
        mode == Mode.READ && version == LibrarySchema.CURRENT_VERSION && !isWal(file);
    Connection c =
        connect(
            file,
            readOnly ? SQLiteOpenMode.READONLY : SQLiteOpenMode.READWRITE,
            "opening the library");
    Library library = new Library(file, c, version, readOnly);
    try {
      if (!readOnly) {
        library.useWal();
      }
      if (version < LibrarySchema.CURRENT_VERSION) {
        hook.beforeMigration(file, version);
        library.migrate();
      }
      return library;
    } catch (RuntimeException e) {
      library.close();
      throw e;
    }
  }

  /**
   * Rolls back the transaction a writer in rollback mode left unfinished (a crash mid-commit leaves
   * its journal beside the library), as every read-write open by SQLite does: until then the file
   * cannot be read as last committed, not even by a read-only connection. A journal of a
   * transaction still under way in another process is not touched: SQLite sees its lock.
   */
  private static void rollBackUnfinished(Path file) {
    if (sizeOf(journalOf(file)) == 0) {
      return;
    }
    try (Connection c = connect(file, SQLiteOpenMode.READWRITE, "recovering the library");
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT count(*) FROM sqlite_master").close();
      log.atInfo().addKeyValue("library", file).log("rolled back an unfinished transaction");
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "recovering the library");
    }
  }

  /** A read-only connection that refuses writes and cleans up the side files it creates. */
  private static Library readOnly(Path file, Integer version) {
    LibraryGuard.SideFiles before = LibraryGuard.SideFiles.of(file);
    Connection c;
    try {
      c = connect(file, SQLiteOpenMode.READONLY, "opening the library");
    } catch (RuntimeException e) {
      LibraryGuard.removeCreated(before);
      throw e;
    }
    Library library = new Library(file, c, version, true);
    library.sideFilesBefore.add(before);
    try (Statement s = c.createStatement()) {
      // Any write is an error, even if a mode flag were lost on the way.
      s.execute("PRAGMA query_only = ON");
    } catch (SQLException e) {
      library.close();
      throw SqliteErrors.translate(e, file, "opening the library read-only");
    }
    return library;
  }

  /** Creates a new, empty library at the current schema version. Fails if the file exists. */
  public static Library create(Path file) {
    if (Files.exists(file)) {
      throw new LibraryException(
          "cannot create library: " + file + " already exists", "open it instead, or remove it");
    }
    try {
      PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new LibraryException(
          "cannot create the directory for " + file + ": " + e.getMessage(),
          "check the permissions of its parent directory",
          e);
    }
    Connection c = connect(file, SQLiteOpenMode.CREATE, "creating the library");
    try {
      PrivateFiles.restrict(file);
      LibrarySchema.create(c);
      LibrarySchema.writeMeta(c, LIBRARY_ID, newLibraryId());
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
   * Reads the schema version without changing anything in the file or beside it.
   *
   * @throws NotALibraryException if the file declares no version
   */
  public static int peekVersion(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new LibraryNotFoundException(file);
    }
    try (Library library = readOnly(file, null)) {
      return library.schemaVersion();
    }
  }

  private static int requireVersion(Connection c, Path file) throws SQLException {
    Integer v = LibrarySchema.readVersion(c);
    if (v == null) {
      throw new NotALibraryException(file);
    }
    return v;
  }

  /** The write-ahead log beside {@code db}. */
  public static Path walOf(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  /** The shared-memory index beside {@code db}. */
  public static Path shmOf(Path db) {
    return db.resolveSibling(db.getFileName() + "-shm");
  }

  /** The rollback journal beside {@code db}. */
  static Path journalOf(Path db) {
    return db.resolveSibling(db.getFileName() + "-journal");
  }

  /**
   * The side file beside {@code db} that holds what its main file alone lacks: a {@code -wal} with
   * commits not yet folded in, or a {@code -journal} of a transaction that did not finish (the main
   * file may be half-written). Empty when the main file is the whole database.
   */
  public static Optional<Path> unfinishedSideFile(Path db) {
    for (Path side : List.of(walOf(db), journalOf(db))) {
      if (sizeOf(side) > 0) {
        return Optional.of(side);
      }
    }
    return Optional.empty();
  }

  /** The library's size on disk: the database file plus its write-ahead log. */
  public static long sizeOnDisk(Path db) {
    return sizeOf(db) + sizeOf(walOf(db));
  }

  static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Whether the file's header says WAL mode (byte 18, the file format write version, is 2). */
  static boolean isWal(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer header = ByteBuffer.allocate(20);
      while (header.hasRemaining() && ch.read(header) > 0) {
        // Keep reading until the header is in.
      }
      return header.position() == 20 && header.get(18) == 2;
    } catch (IOException e) {
      return true;
    }
  }

  private static Connection connect(Path file, SQLiteOpenMode mode, String doing) {
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
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    try {
      return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, doing);
    }
  }

  public Path path() {
    return file;
  }

  /**
   * The schema version the library declares.
   *
   * @throws NotALibraryException if it declares none (only a file opened {@link Mode#AS_IS} can)
   */
  public int schemaVersion() {
    if (schemaVersion == null) {
      try {
        schemaVersion = requireVersion(connection, file);
      } catch (SQLException e) {
        throw SqliteErrors.translate(e, file, "reading the schema version");
      }
    }
    return schemaVersion;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** The library's identity ({@link #LIBRARY_ID}), or null when it has none yet. */
  public String libraryId() {
    try {
      return LibrarySchema.readMeta(connection, LIBRARY_ID);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "reading the library's id");
    }
  }

  /** Gives the library {@code id} as its identity (a restored copy keeping the replaced one's). */
  public void setLibraryId(String id) {
    try {
      LibrarySchema.writeMeta(connection, LIBRARY_ID, id);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "recording the library's id");
    }
  }

  /**
   * The identity of the library at {@code file}, given one now if it has none (a library the Python
   * VPO or an older vpo made): a one-row write in a transaction of its own, which waits for another
   * writer like any other. A library newer than vpo is never written, and keeps none.
   *
   * @return the id, or null for a library vpo may not write
   */
  public static String ensureLibraryId(Path file) {
    try (Library library = open(file, Mode.READ_ONLY)) {
      String id = library.libraryId();
      if (id != null || library.schemaVersion() > LibrarySchema.CURRENT_VERSION) {
        return id;
      }
    }
    try (Library library = open(file, Mode.AS_IS)) {
      String id = newLibraryId();
      try (Statement s = library.connection.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        String existing = LibrarySchema.readMeta(library.connection, LIBRARY_ID);
        if (existing != null) {
          s.execute("ROLLBACK");
          return existing;
        }
        LibrarySchema.writeMeta(library.connection, LIBRARY_ID, id);
        s.execute("COMMIT");
        log.atInfo()
            .addKeyValue("library", file)
            .addKeyValue("library_id", id)
            .log("gave the library an id");
        return id;
      } catch (SQLException e) {
        throw SqliteErrors.translate(e, file, "recording the library's id");
      }
    }
  }

  /**
   * The identity of the library at {@code file} as it is, read without writing anything, or null
   * when it has none (or there is no readable library there).
   */
  public static String peekLibraryId(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (Library library = open(file, Mode.READ_ONLY)) {
      return library.libraryId();
    } catch (LibraryException e) {
      return null;
    }
  }

  /** The first bytes of every SQLite database file. */
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** How many first bytes of a file {@link #isDatabaseHeader} looks at. */
  public static final int HEADER_BYTES = SQLITE_HEADER.length;

  /** Whether {@code head} (a file's first bytes) begins with SQLite's header. */
  public static boolean isDatabaseHeader(byte[] head) {
    return head.length >= SQLITE_HEADER.length
        && Arrays.equals(head, 0, SQLITE_HEADER.length, SQLITE_HEADER, 0, SQLITE_HEADER.length);
  }

  /**
   * What a library file holds, as a listing shows it.
   *
   * @param libraryId its identity, or null when it has none
   */
  public record Facts(int schemaVersion, long fileCount, long totalMediaBytes, String libraryId) {}

  /**
   * Reads {@link Facts} of the library at {@code file} without writing anything. A table that
   * cannot be read counts as empty; its damage is for {@code quick_check} to report.
   *
   * @throws NotALibraryException if the file declares no schema version
   */
  public static Facts peekFacts(Path file) {
    try (Library library = open(file, Mode.READ_ONLY)) {
      int version = library.schemaVersion();
      return new Facts(
          version,
          orZero(library::fileCount),
          orZero(library::totalMediaBytes),
          orNull(library::libraryId));
    }
  }

  /** {@code read}'s figure, or 0 when the table it counts cannot be read. */
  static long orZero(LongSupplier read) {
    try {
      return read.getAsLong();
    } catch (LibraryException e) {
      return 0;
    }
  }

  private static String orNull(Supplier<String> read) {
    try {
      return read.get();
    } catch (LibraryException e) {
      return null;
    }
  }

  private static String newLibraryId() {
    return UUID.randomUUID().toString();
  }

  /** Rows in {@code files}. */
  public long fileCount() {
    return count("SELECT COUNT(*) FROM files", "counting files");
  }

  /** Rows in {@code tracks}. */
  public long trackCount() {
    return count("SELECT COUNT(*) FROM tracks", "counting tracks");
  }

  /** The sum of {@code files.size_bytes}: how much media the library describes. */
  public long totalMediaBytes() {
    return count("SELECT COALESCE(SUM(size_bytes), 0) FROM files", "summing file sizes");
  }

  private long count(String sql, String doing) {
    try {
      return queryLong(sql);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, doing);
    }
  }

  /**
   * Whether the library at {@code file} holds a row in any table but {@code _meta}: false for a
   * library as vpo creates it, empty, whose replacing loses nothing. Reads the file without
   * touching it or anything beside it (no locks, no {@code -shm} read marks); a library with
   * unmerged changes in its {@code -wal} counts as holding rows, without being read.
   */
  public static boolean hasUserRows(Path file) {
    if (sizeOf(walOf(file)) > 0) {
      return true;
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    String uri = file.toAbsolutePath().toUri().toString().replaceFirst("^file:///", "file:/");
    try (Connection c = config.createConnection("jdbc:sqlite:" + uri + "?immutable=1");
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table'"
                  + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_meta'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quote(table) + ")")) {
          if (r.next() && r.getLong(1) != 0) {
            return true;
          }
        }
      }
      return false;
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "looking for rows");
    }
  }

  /**
   * Runs {@code PRAGMA quick_check}. Returns the problems, one per line, empty when it passes.
   * SQLite may report many problems in one row, under a {@code *** in database main ***} heading;
   * that heading is not a problem, so the first element is the first real one. A check that cannot
   * run at all (the file is not a database) is one problem, saying why.
   */
  public List<String> quickCheck() {
    List<String> problems = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("PRAGMA quick_check")) {
      while (r.next()) {
        String row = r.getString(1);
        if (row == null || "ok".equals(row)) {
          continue;
        }
        row.lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("*** in database"))
            .forEach(problems::add);
      }
    } catch (SQLException e) {
      if (SqliteErrors.isBusy(e)) {
        throw SqliteErrors.translate(e, file, "checking the library");
      }
      problems.add(e.getMessage());
    }
    return problems;
  }

  /**
   * Switches to the rollback journal ({@code journal_mode=DELETE}): the file becomes one
   * self-contained file that never needs a {@code -wal}. For copies that are not in use.
   */
  public void useRollbackJournal() {
    journalMode("DELETE", "switching to the rollback journal");
  }

  /**
   * Switches to WAL, as VPO runs its library. Every later connection then holds the {@code -shm}
   * lock that in-use detection sees, even when idle.
   */
  public void useWal() {
    journalMode("WAL", "switching to WAL");
  }

  private void journalMode(String mode, String doing) {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA journal_mode=" + mode);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, doing);
    }
  }

  /**
   * Merges the write-ahead log into the file and switches to the rollback journal, which removes
   * the {@code -wal}. SQLite refuses (locked) while another connection has the library open.
   */
  public void foldWal() {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      s.execute("PRAGMA journal_mode=DELETE");
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "merging the write-ahead log");
    }
  }

  /** Migrates the library to the current schema version, in place. */
  public void migrate() {
    migrate("library");
  }

  /**
   * Migrates this file to the current schema version, in place; a migration that cannot be done
   * names the file as {@code subject} ("library", or "backup" for a restore's copy).
   */
  public void migrate(String subject) {
    int from = schemaVersion();
    if (from == LibrarySchema.CURRENT_VERSION) {
      return;
    }
    log.atInfo()
        .addKeyValue("library", file)
        .addKeyValue("from_version", from)
        .addKeyValue("to_version", LibrarySchema.CURRENT_VERSION)
        .log("migrating library");
    try {
      Migrations.migrate(connection, from, LibrarySchema.CURRENT_VERSION);
    } catch (SQLException e) {
      int code = SqliteErrors.primaryCode(e);
      // A step that cannot be done on this library (a table it lacks, a row the new schema
      // refuses) is a schema problem; busy, full, read-only and damaged are what they are.
      if (code == 0
          || code == SQLiteErrorCode.SQLITE_ERROR.code
          || code == SQLiteErrorCode.SQLITE_CONSTRAINT.code
          || code == SQLiteErrorCode.SQLITE_MISMATCH.code) {
        throw SchemaIncompatibleException.cannotMigrate(
            subject, from, LibrarySchema.CURRENT_VERSION, e.getMessage(), e);
      }
      throw SqliteErrors.translate(e, file, "migrating the schema");
    }
    schemaVersion = LibrarySchema.CURRENT_VERSION;
  }

  /**
   * Copies the library into a new file {@code target} with SQLite's online backup, in a single
   * step: one read transaction on this library for the whole copy, so the copy holds exactly one
   * committed state. In WAL mode readers never block writers, so a running VPO daemon keeps
   * committing meanwhile. (With the default of a few pages per step, every commit by another
   * connection restarts the copy, which under a steady writer never ends.)
   */
  void copyTo(Path target) {
    int rc;
    try {
      SQLiteConnection conn = connection.unwrap(SQLiteConnection.class);
      // One step (-1 pages) copies everything under one read lock. Retries cover a writer holding
      // the lock in rollback-journal mode; each waits the busy timeout first, so the total stays
      // bounded.
      rc = conn.getDatabase().backup("main", target.toAbsolutePath().toString(), null, 100, 3, -1);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "taking the snapshot");
    }
    if (rc != SQLiteErrorCode.SQLITE_OK.code) {
      int primary = rc & 0xff;
      if (primary == SQLiteErrorCode.SQLITE_BUSY.code
          || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
        throw new LibraryLockedException(
            "library "
                + file
                + " is locked by another process and could not be read within "
                + busyTimeout.toSeconds()
                + " s",
            "wait for the other process to finish its write, or stop it, and try again",
            null);
      }
      throw SqliteErrors.translate(
          new SQLException("backup failed with SQLite result code " + rc, null, rc),
          file,
          "taking the snapshot");
    }
  }

  /** The connection, for the statements of this package. */
  Connection connection() {
    return connection;
  }

  /** A single long value from {@code sql}, or 0 when it yields nothing. */
  long queryLong(String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  /** A single text value from {@code sql}, or null when it yields nothing. */
  String queryText(String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /**
   * Attaches {@code other} to this read-only connection as schema {@code alias}, read-only too, its
   * side files cleaned up with this library's when it closes.
   */
  void attachReadOnly(Path other, String alias) {
    if (!readOnly) {
      throw new IllegalStateException("only a read-only library attaches another read-only");
    }
    if (!other.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
      sideFilesBefore.add(LibraryGuard.SideFiles.of(other));
    }
    try (PreparedStatement attach =
        connection.prepareStatement("ATTACH DATABASE ? AS " + quote(alias))) {
      attach.setString(1, other.toAbsolutePath().toString());
      attach.execute();
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, other, "opening it read-only");
    }
  }

  /**
   * Bounds this connection's memory whatever the files' sizes: each schema's page cache to {@code
   * cacheKib} KiB, temporary tables spilled to SQLite's temp files rather than held in memory, and
   * nothing memory-mapped (mapped pages count in the process's resident memory).
   */
  void limitMemory(int cacheKib, List<String> schemas) {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA temp_store = FILE");
      for (String schema : schemas) {
        s.execute("PRAGMA " + quote(schema) + ".cache_size = -" + cacheKib);
        if (!schema.equals("temp")) {
          s.execute("PRAGMA " + quote(schema) + ".mmap_size = 0");
        }
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, file, "configuring the connection");
    }
  }

  /** Stops the statement running on this connection, from another thread (Ctrl-C). */
  void interrupt() {
    try {
      connection.unwrap(SQLiteConnection.class).getDatabase().interrupt();
    } catch (SQLException e) {
      log.debug("interrupting the statement on {} failed", file, e);
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() {
    closeQuietly(connection);
    for (LibraryGuard.SideFiles before : sideFilesBefore) {
      LibraryGuard.removeCreated(before);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing connection failed", e);
    }
  }
}
