package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.sqlite.SQLiteConfig;
import vpo.library.Library;
import vpo.library.LibrarySchema;

/**
 * Builds and edits real VPO library files for tests: empty or populated, at the current schema
 * version or at the older layouts vpo migrates from (and one it refuses); filled with placeholder
 * files or bulk, aged to a newer version, or damaged page by page.
 *
 * <p>Everything is deterministic: the same calls with the same seed produce the same rows, so tests
 * can compare {@link LibraryContent} dumps across files. Every method but {@link #connect} closes
 * its connection before returning, so the file is a single, checkpointed database (no {@code -wal})
 * that tests can compare byte for byte. SQL failures surface as {@link IllegalStateException}, so
 * callers need no {@code throws} clause.
 */
public final class LibraryFixture {
  /** Files, with their tracks and everything hanging off them, that the old layouts start with. */
  private static final int OLD_LAYOUT_FILES = 12;

  /**
   * The tests' own table that {@link #addFiller} fills, so bulk does not depend on VPO's layout.
   */
  public static final String FILLER = "test_filler";

  private LibraryFixture() {}

  /** How {@link #connect(Path, Access)} opens a file. */
  public enum Access {
    /**
     * As VPO and vpo open a library: read-write (the file is created if missing), WAL journal,
     * foreign keys enforced, a 5 s busy timeout.
     */
    READ_WRITE,
    /**
     * For looking without touching: read-only, no journal-mode change, no writes. The file must
     * exist.
     */
    READ_ONLY
  }

  /** Opens {@code file} {@link Access#READ_WRITE}, as VPO and vpo do. */
  public static Connection connect(Path file) {
    return connect(file, Access.READ_WRITE);
  }

  /** Opens {@code file} as {@code access} says. */
  public static Connection connect(Path file, Access access) {
    SQLiteConfig config = new SQLiteConfig();
    if (access == Access.READ_ONLY) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no library at " + file);
      }
      config.setReadOnly(true);
    } else {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.enforceForeignKeys(true);
      config.setBusyTimeout(5_000);
    }
    try {
      return DriverManager.getConnection(
          "jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + file, e);
    }
  }

  /**
   * An empty library at the current version, made as {@code vpo init} makes one ({@link
   * Library#create}): WAL journal, private to its owner, parent directories created.
   */
  public static Path createV27(Path file) {
    Library.create(file).close();
    return file;
  }

  /** A version 26 library (no {@code files.container_tags}) holding a few dozen rows. */
  public static Path createV26(Path file) {
    createLayout(file, ddlV26(), 26);
    populate(file, OLD_LAYOUT_FILES, 26);
    return file;
  }

  /**
   * A version 25 library (jobs refuse {@code 'prune'}, no {@code library_snapshots}, no {@code
   * files.container_tags}) holding a few dozen rows, including processing_stats rows that reference
   * jobs.
   */
  public static Path createV25(Path file) {
    createLayout(file, ddlV25(), 25);
    populate(file, OLD_LAYOUT_FILES, 25);
    return file;
  }

  /** A small library of an older layout (no plugin_metadata, tracks without colour data) at 20. */
  public static Path createV20(Path file) {
    List<String> ddl =
        List.of(
            "CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE files (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                path TEXT UNIQUE NOT NULL,
                filename TEXT NOT NULL,
                directory TEXT NOT NULL,
                extension TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                modified_at TEXT NOT NULL,
                content_hash TEXT,
                container_format TEXT,
                scanned_at TEXT NOT NULL,
                scan_status TEXT NOT NULL DEFAULT 'pending',
                scan_error TEXT,
                job_id TEXT
            )""",
            """
            CREATE TABLE tracks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                file_id INTEGER NOT NULL,
                track_index INTEGER NOT NULL,
                track_type TEXT NOT NULL,
                codec TEXT,
                language TEXT,
                FOREIGN KEY (file_id) REFERENCES files(id) ON DELETE CASCADE,
                UNIQUE(file_id, track_index)
            )""");
    createLayout(file, ddl, 20);
    try (Connection c = connect(file);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO files (path, filename, directory, extension, size_bytes, modified_at,"
              + " scanned_at, scan_status) VALUES ('/media/Movies/Heat (1995)/Heat (1995).mkv',"
              + " 'Heat (1995).mkv', '/media/Movies/Heat (1995)', 'mkv', 8123456789,"
              + " '2021-04-02T10:00:00+00:00', '2021-05-01T08:30:00+00:00', 'ok')");
      s.executeUpdate(
          "INSERT INTO tracks (file_id, track_index, track_type, codec, language)"
              + " VALUES (1, 0, 'video', 'h264', NULL), (1, 1, 'audio', 'ac3', 'eng')");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  /** The current DDL without {@code files.container_tags}: the version 26 layout. */
  public static List<String> ddlV26() {
    List<String> ddl = new ArrayList<>();
    for (String statement : LibrarySchema.ddl()) {
      if (statement.startsWith("CREATE TABLE files ")) {
        statement = replaceOnce(statement, ",\n    container_tags TEXT\n)", "\n)");
      }
      ddl.add(statement);
    }
    return List.copyOf(ddl);
  }

  /**
   * The version 25 layout: the version 26 one whose {@code valid_job_type} lacks {@code 'prune'},
   * and without {@code library_snapshots} and its index.
   */
  public static List<String> ddlV25() {
    List<String> ddl = new ArrayList<>();
    for (String statement : ddlV26()) {
      if (statement.contains("library_snapshots")) {
        continue;
      }
      if (statement.startsWith("CREATE TABLE jobs ")) {
        statement = replaceOnce(statement, ", 'process', 'prune')", ", 'process')");
      }
      ddl.add(statement);
    }
    return List.copyOf(ddl);
  }

  /**
   * Creates the tables of {@code ddl} in a new file and declares {@code version} in {@code _meta}.
   */
  public static Path createLayout(Path file, List<String> ddl, int version) {
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " already exists");
    }
    try (Connection c = connect(file);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (String statement : ddl) {
        s.executeUpdate(statement);
      }
      s.executeUpdate(
          "INSERT INTO _meta (key, value) VALUES ('schema_version', '" + version + "')");
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  /**
   * Adds {@code files} media files to the library with everything VPO records about them: 5–15
   * tracks each, operations, policies, plugin acknowledgments, jobs of every type and status,
   * plans, processing stats with action results and performance metrics, transcription, language
   * and classification results, and library snapshots. Every row satisfies the schema's CHECK
   * constraints and foreign keys. Adapts to the layout it finds (versions 25 to 27), and can be
   * called again on the same library to add more.
   */
  public static void populate(Path file, int files, long seed) {
    try (Connection c = connect(file)) {
      c.setAutoCommit(false);
      new Population(c, files, seed).run();
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("populating " + file + " failed", e);
    }
  }

  /**
   * Adds {@code count} rows to {@code files}, each with {@code sizeBytes} as its media size. Other
   * required columns get placeholder values by type, so this works for any layout of {@code files}
   * that has {@code size_bytes}.
   */
  public static void addFiles(Path file, int count, long sizeBytes) {
    try (Connection c = connect(file)) {
      List<String> columns = new ArrayList<>();
      List<String> types = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("PRAGMA table_info(files)")) {
        while (r.next()) {
          String name = r.getString("name");
          boolean required = r.getInt("notnull") == 1 && r.getString("dflt_value") == null;
          if (name.equals("size_bytes") || (required && r.getInt("pk") == 0)) {
            columns.add(name);
            types.add(r.getString("type").toUpperCase(Locale.ROOT));
          }
        }
      }
      String sql =
          "INSERT INTO files ("
              + String.join(", ", columns)
              + ") VALUES ("
              + String.join(", ", Collections.nCopies(columns.size(), "?"))
              + ")";
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement(sql)) {
        for (int i = 0; i < count; i++) {
          for (int col = 0; col < columns.size(); col++) {
            if (columns.get(col).equals("size_bytes")) {
              p.setLong(col + 1, sizeBytes);
            } else if (types.get(col).contains("INT")) {
              p.setLong(col + 1, i);
            } else {
              p.setString(col + 1, "/media/test/file-" + i + ".mkv");
            }
          }
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot add files to " + file, e);
    }
  }

  /**
   * Adds bulk, so that a backup of the library takes a while or needs room, or a page in its second
   * half can be damaged: {@code rows} rows of {@code bytesEach} bytes of text that compresses about
   * 2:1, like the paths and metadata VPO stores. They go to the tests' own table {@link #FILLER}
   * (created if missing), each with a name ({@code filler-000000}, ...) that the index {@code
   * test_filler_name} holds.
   */
  public static void addFiller(Path file, int rows, int bytesEach) {
    Random random = new Random(7L * rows + bytesEach);
    try (Connection c = connect(file)) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + FILLER
                + " (id INTEGER PRIMARY KEY, name TEXT, body BLOB)");
        s.execute("CREATE INDEX IF NOT EXISTS test_filler_name ON " + FILLER + " (name)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO " + FILLER + " (name, body) VALUES (?, ?)")) {
        for (int i = 0; i < rows; i++) {
          StringBuilder text = new StringBuilder(bytesEach + 16);
          while (text.length() < bytesEach) {
            text.append(Long.toHexString(random.nextLong() & 0xffffff)).append(' ');
          }
          text.setLength(bytesEach);
          p.setString(1, String.format(Locale.ROOT, "filler-%06d", i));
          p.setBytes(2, text.toString().getBytes(StandardCharsets.US_ASCII));
          p.addBatch();
          if (i % 100 == 99) {
            p.executeBatch();
          }
        }
        p.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot fill " + file, e);
    }
  }

  /** Runs statements on the library and closes the connection. */
  public static void execute(Path file, String... statements) {
    try (Connection c = connect(file);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update " + file, e);
    }
  }

  /** One number from a query, on a connection opened {@link Access#READ_WRITE}. */
  public static long queryLong(Path file, String sql) {
    return queryLong(file, Access.READ_WRITE, sql);
  }

  /** One number from a query, on a connection opened as {@code access} says. */
  public static long queryLong(Path file, Access access, String sql) {
    try (Connection c = connect(file, access)) {
      return queryLong(c, sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot query " + file, e);
    }
  }

  /** One text value from a query (null when it returns no row). */
  public static String queryString(Path file, String sql) {
    try (Connection c = connect(file, Access.READ_WRITE);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot query " + file, e);
    }
  }

  /** One number from a query on an open connection (0 when it returns no row). */
  public static long queryLong(Connection c, String sql) {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql, e);
    }
  }

  /** Asserts that the library passes {@code integrity_check} and has no foreign-key violations. */
  public static void assertHealthy(Path library) {
    try (Connection c = connect(library, Access.READ_ONLY);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
      try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
        assertThat(rs.next()).as("foreign key violations").isFalse();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot check " + library, e);
    }
  }

  /**
   * Folds {@code db}'s WAL into it and leaves it in rollback mode: one self-contained file, whose
   * bytes are the whole library, ready to archive.
   */
  public static Path selfContained(Path db) {
    execute(db, "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode=DELETE");
    return db;
  }

  /** Marks the library as written by a newer VPO (the version is text, as VPO stores it). */
  public static void setSchemaVersion(Path file, String version) {
    execute(file, "UPDATE _meta SET value = '" + version + "' WHERE key = 'schema_version'");
  }

  /** How a page of the database is damaged. */
  public enum Damage {
    /**
     * Garbage (0xFF) over a table leaf page's header and cell-pointer array, after the page-type
     * byte, as a torn write or a bad sector would leave: cell count and offsets point outside the
     * page. The check names the page.
     */
    GARBAGE_OVER_PAGE_HEADER,
    /** A table leaf page reads as zeros, as after a lost write. The check names the page. */
    ZEROED_PAGE,
    /**
     * One byte of a key inside an index leaf page changed ({@code f} to {@code F}), as a flipped
     * bit would: the page is well-formed, but a row no longer has its index entry. The check names
     * the row and the index.
     */
    INDEX_KEY_CHANGED
  }

  /**
   * Damages one page in the second half of the file, where the filler table's pages are (fill the
   * library with {@link #addFiller} first). Returns the damaged page's number (1-based).
   */
  public static long damage(Path file, Damage damage) throws IOException {
    int pageSize = (int) queryLong(file, "PRAGMA page_size");
    // Page types: 0x0D leaf page of a table b-tree, 0x0A leaf page of an index b-tree.
    byte wanted = damage == Damage.INDEX_KEY_CHANGED ? (byte) 0x0A : (byte) 0x0D;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pages = ch.size() / pageSize;
      if (pages < 8) {
        throw new IllegalStateException("library too small to damage: " + pages + " pages");
      }
      for (long page = pages / 2; page <= pages; page++) {
        long offset = (page - 1) * pageSize;
        ByteBuffer content = ByteBuffer.allocate(pageSize);
        ch.read(content, offset);
        byte[] bytes = content.array();
        if (bytes[0] != wanted) {
          continue;
        }
        switch (damage) {
          case GARBAGE_OVER_PAGE_HEADER -> {
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 0xFF);
            ch.write(ByteBuffer.wrap(garbage), offset + 1);
          }
          case ZEROED_PAGE -> ch.write(ByteBuffer.wrap(new byte[pageSize]), offset);
          case INDEX_KEY_CHANGED -> {
            // In a live cell, not in stale bytes of the page's free space: the first cell
            // pointer (after the 8-byte leaf header) gives the cell's offset.
            int cell = ((bytes[8] & 0xFF) << 8) | (bytes[9] & 0xFF);
            int at = indexOf(bytes, cell, "filler-".getBytes(StandardCharsets.US_ASCII));
            if (at < 0) {
              continue;
            }
            ch.write(ByteBuffer.wrap(new byte[] {'F'}), offset + at);
          }
        }
        ch.force(true);
        return page;
      }
    }
    throw new IllegalStateException("no page to damage (" + damage + ") in " + file);
  }

  private static int indexOf(byte[] haystack, int from, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String replaceOnce(String text, String target, String replacement) {
    int at = text.indexOf(target);
    if (at < 0 || text.indexOf(target, at + 1) >= 0) {
      // The current DDL changed shape: the old layouts must be re-derived by hand.
      throw new IllegalStateException("expected exactly one '" + target + "' in: " + text);
    }
    return text.substring(0, at) + replacement + text.substring(at + target.length());
  }

  /** One populate call: a seeded random source and the ids already taken in the library. */
  private static final class Population {
    private static final DateTimeFormatter ISO =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Instant EPOCH = Instant.parse("2024-01-06T09:15:00Z");

    /** Title, collection and year; the titles mix scripts on purpose. */
    private static final String[][] TITLES = {
      {"Amélie", "Movies", "2001"},
      {"千と千尋の神隠し", "Anime", "2001"},
      {"Ночной дозор", "Movies", "2004"},
      {"Y Tu Mamá También", "Movies", "2001"},
      {"진격의 거인", "Anime", "2013"},
      {"L'Auberge espagnole", "Movies", "2002"},
      {"The Expanse", "TV", "2015"},
      {"Das Boot", "TV", "1985"},
      {"Cidade de Deus", "Movies", "2002"},
      {"🎬 Home Videos", "Personal", "2019"},
      {"Ταξίδι στα Κύθηρα", "Movies", "1984"},
      {"The Office (US)", "TV", "2005"},
    };

    private static final String[] JOB_TYPES = {
      "transcode", "move", "scan", "apply", "process", "prune"
    };
    private static final String[] JOB_STATUSES = {
      "queued", "running", "completed", "failed", "cancelled"
    };
    private static final String[] OPERATION_STATUSES = {
      "PENDING", "IN_PROGRESS", "COMPLETED", "FAILED", "ROLLED_BACK"
    };
    private static final String[] PLAN_STATUSES = {
      "pending", "approved", "rejected", "applied", "canceled"
    };
    private static final String[] TRANSCRIPTION_TYPES = {
      "main", "commentary", "alternate", "music", "sfx", "non_speech"
    };
    private static final String[] LANGUAGES = {"eng", "jpn", "fra", "deu", "spa", "rus", "und"};

    private final Connection c;
    private final int fileCount;
    private final Random random;
    private final boolean hasContainerTags;
    private final boolean hasSnapshots;
    private final boolean jobsAcceptPrune;

    private final long firstFileNumber;
    private long nextFileId;
    private long nextTrackId;
    private long nextAnalysisId;
    private final List<Long> fileIds = new ArrayList<>();
    private final List<String> filePaths = new ArrayList<>();
    private final List<Long> audioTrackIds = new ArrayList<>();
    private final List<String> policyNames = new ArrayList<>();
    private final List<String> processingJobIds = new ArrayList<>();
    private String scanJobId;
    private long totalBytes;

    Population(Connection c, int fileCount, long seed) throws SQLException {
      this.c = c;
      this.fileCount = fileCount;
      this.hasContainerTags = columnExists("files", "container_tags");
      this.hasSnapshots = tableExists("library_snapshots");
      this.jobsAcceptPrune = tableSql("jobs").contains("'prune'");
      this.firstFileNumber = scalar("SELECT count(*) FROM files");
      // A second call on the same library must not regenerate the first call's text keys.
      this.random = new Random(seed * 1_000_003L + firstFileNumber);
      this.nextFileId = scalar("SELECT coalesce(max(id), 0) FROM files") + 1;
      this.nextTrackId = scalar("SELECT coalesce(max(id), 0) FROM tracks") + 1;
      this.nextAnalysisId =
          scalar("SELECT coalesce(max(id), 0) FROM language_analysis_results") + 1;
    }

    void run() throws SQLException {
      insertPolicies();
      insertPluginAcknowledgments();
      scanJobId = uuid();
      insertFilesAndTracks();
      insertJobs();
      insertOperations();
      insertPlans();
      insertProcessingStats();
      insertTrackAnalyses();
      if (hasSnapshots) {
        insertSnapshots();
      }
    }

    private void insertPolicies() throws SQLException {
      String[] names = {"default", "anime-dual-audio", "4k-hdr-archive", "english-only"};
      String suffix = firstFileNumber == 0 ? "" : " #" + firstFileNumber;
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO policies (name, version, definition, created_at, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        for (String base : names) {
          String name = base + suffix;
          policyNames.add(name);
          ps.setString(1, name);
          ps.setInt(2, 1 + random.nextInt(6));
          ps.setString(
              3,
              "schema_version: 12\nname: "
                  + name
                  + "\naudio_language_preference: [eng, jpn, und]\nsubtitle_language_preference:"
                  + " [eng]\ncommentary_patterns: [commentary, director]\n");
          String created = time(random.nextInt(3_000_000));
          ps.setString(4, created);
          ps.setString(5, created);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    private void insertPluginAcknowledgments() throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO plugin_acknowledgments"
                  + " (plugin_name, plugin_hash, acknowledged_at, acknowledged_by)"
                  + " VALUES (?, ?, ?, ?)")) {
        for (String plugin : new String[] {"whisper-transcriber", "radarr-metadata", "sonarr"}) {
          ps.setString(1, plugin);
          ps.setString(2, hex(64));
          ps.setString(3, time(random.nextInt(1_000_000)));
          ps.setString(4, random.nextBoolean() ? "media-server.local" : null);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    private void insertFilesAndTracks() throws SQLException {
      String fileSql =
          "INSERT INTO files (id, path, filename, directory, extension, size_bytes, modified_at,"
              + " content_hash, container_format, scanned_at, scan_status, scan_error, job_id,"
              + " plugin_metadata"
              + (hasContainerTags ? ", container_tags" : "")
              + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
              + (hasContainerTags ? ", ?" : "")
              + ")";
      try (PreparedStatement file = c.prepareStatement(fileSql);
          PreparedStatement track =
              c.prepareStatement(
                  "INSERT INTO tracks (id, file_id, track_index, track_type, codec, language,"
                      + " title, is_default, is_forced, channels, channel_layout, width, height,"
                      + " frame_rate, color_transfer, color_primaries, color_space, color_range,"
                      + " duration_seconds) VALUES"
                      + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < fileCount; i++) {
          long number = firstFileNumber + i;
          String[] title = TITLES[(int) (number % TITLES.length)];
          long k = number / TITLES.length;
          String extension =
              new String[] {"mkv", "mkv", "mkv", "mp4", "m2ts", "avi"}[(int) (k % 6)];
          String directory =
              "/media/" + title[1] + "/" + title[0] + " (" + title[2] + ")/Season " + (k / 24 + 1);
          String filename =
              String.format(
                  Locale.ROOT, "%s - S%02dE%02d.%s", title[0], k / 24 + 1, k % 24 + 1, extension);
          String path = directory + "/" + filename;
          long id = nextFileId++;
          long size = 150_000_000L + (long) (random.nextDouble() * 60_000_000_000L);
          totalBytes += size;
          String status = pick("ok", "ok", "ok", "ok", "ok", "ok", "error", "missing", "pending");
          double duration = 1_200 + random.nextInt(8_000) + random.nextInt(1000) / 1000.0;

          file.setLong(1, id);
          file.setString(2, path);
          file.setString(3, filename);
          file.setString(4, directory);
          file.setString(5, extension);
          file.setLong(6, size);
          file.setString(7, time(random.nextInt(20_000_000)));
          setOrNull(file, 8, status.equals("pending") ? null : "xxh64:" + hex(16), Types.VARCHAR);
          file.setString(9, containerFormat(extension));
          file.setString(10, time(20_000_000 + random.nextInt(1_000_000)));
          file.setString(11, status);
          setOrNull(
              file,
              12,
              status.equals("error")
                  ? "ffprobe failed: Invalid data found when processing input"
                  : null,
              Types.VARCHAR);
          file.setString(13, scanJobId);
          setOrNull(file, 14, random.nextInt(3) == 0 ? null : pluginMetadata(title), Types.VARCHAR);
          if (hasContainerTags) {
            setOrNull(
                file, 15, random.nextInt(4) == 0 ? null : containerTags(title), Types.VARCHAR);
          }
          file.addBatch();
          fileIds.add(id);
          filePaths.add(path);

          addTracks(track, id, duration);
          if (i % 500 == 499) {
            file.executeBatch();
            track.executeBatch();
          }
        }
        file.executeBatch();
        track.executeBatch();
      }
    }

    private void addTracks(PreparedStatement track, long fileId, double duration)
        throws SQLException {
      int count = 5 + random.nextInt(11);
      int audio = 1 + random.nextInt(Math.min(5, count - 2));
      boolean hdr = random.nextInt(4) == 0;
      for (int index = 0; index < count; index++) {
        long id = nextTrackId++;
        String type =
            index == 0
                ? "video"
                : index <= audio
                    ? "audio"
                    : index == count - 1 && count > 8 ? "attachment" : "subtitle";
        for (int p = 3; p <= 19; p++) {
          track.setNull(p, Types.NULL);
        }
        track.setLong(1, id);
        track.setLong(2, fileId);
        track.setInt(3, index);
        track.setString(4, type);
        track.setInt(8, index <= 1 ? 1 : 0);
        track.setInt(9, 0);
        switch (type) {
          case "video" -> {
            track.setString(5, pick("hevc", "h264", "av1"));
            boolean uhd = hdr || random.nextBoolean();
            track.setInt(12, uhd ? 3840 : 1920);
            track.setInt(13, uhd ? 2160 : random.nextBoolean() ? 1080 : 800);
            track.setString(14, pick("24000/1001", "24/1", "25/1", "30000/1001"));
            if (hdr) {
              track.setString(15, "smpte2084");
              track.setString(16, "bt2020");
              track.setString(17, "bt2020nc");
              track.setString(18, "tv");
            }
            track.setDouble(19, duration);
          }
          case "audio" -> {
            track.setString(5, pick("aac", "ac3", "eac3", "dts", "truehd", "opus", "flac"));
            track.setString(6, pick(LANGUAGES));
            if (index > 1 && random.nextInt(3) == 0) {
              track.setString(7, pick("Commentary with the director", "Stereo", "Descriptive"));
            }
            int channels = pickInt(2, 6, 8);
            track.setInt(10, channels);
            track.setString(11, channels == 2 ? "stereo" : channels == 6 ? "5.1(side)" : "7.1");
            track.setDouble(19, duration);
            audioTrackIds.add(id);
          }
          case "subtitle" -> {
            track.setString(5, pick("subrip", "ass", "hdmv_pgs_subtitle", "webvtt"));
            track.setString(6, pick(LANGUAGES));
            track.setInt(9, random.nextInt(6) == 0 ? 1 : 0);
            if (random.nextInt(4) == 0) {
              track.setString(7, pick("Forced", "SDH", "Signs & Songs", "Full"));
            }
          }
          default -> {
            track.setString(5, "ttf");
            track.setString(7, "NotoSansCJK-Regular.ttc");
          }
        }
        track.addBatch();
      }
    }

    /** One job of every type and status at least, more on large libraries. */
    private void insertJobs() throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO jobs (id, file_id, file_path, job_type, status, priority, policy_name,"
                  + " policy_json, progress_percent, progress_json, created_at, started_at,"
                  + " completed_at, worker_pid, worker_heartbeat, output_path, backup_path,"
                  + " error_message, files_affected_json, summary_json, log_path, origin,"
                  + " batch_id) VALUES"
                  + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        addJob(ps, scanJobId, "scan", "completed", -1);
        ps.addBatch();
        String[] types =
            jobsAcceptPrune
                ? JOB_TYPES
                : new String[] {"transcode", "move", "scan", "apply", "process"};
        int count = Math.max(types.length * JOB_STATUSES.length, fileCount / 2);
        String batch = uuid();
        for (int j = 0; j < count; j++) {
          String type = types[j % types.length];
          String status = JOB_STATUSES[(j / types.length) % JOB_STATUSES.length];
          String id = uuid();
          if (type.equals("process") || type.equals("transcode")) {
            processingJobIds.add(id);
          }
          addJob(ps, id, type, status, j % 4 == 0 ? -2 : j);
          if (j % 4 == 0) {
            ps.setString(23, batch);
          }
          ps.addBatch();
          if (j % 500 == 499) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
    }

    /** Fills the job parameters; {@code fileSlot} -1 means "the library", -2 "a CLI batch". */
    private void addJob(PreparedStatement ps, String id, String type, String status, int fileSlot)
        throws SQLException {
      for (int p = 1; p <= 23; p++) {
        ps.setNull(p, Types.NULL);
      }
      boolean perFile =
          fileSlot >= 0 && !fileIds.isEmpty() && !type.equals("scan") && !type.equals("prune");
      ps.setString(1, id);
      if (perFile) {
        ps.setLong(2, fileIds.get(fileSlot % fileIds.size()));
        ps.setString(3, filePaths.get(fileSlot % fileIds.size()));
      } else {
        ps.setString(3, "/media");
      }
      ps.setString(4, type);
      ps.setString(5, status);
      ps.setInt(6, random.nextInt(1001));
      if (!type.equals("scan")) {
        ps.setString(7, pick(policyNames.toArray(String[]::new)));
        ps.setString(8, "{\"target_video_codec\": \"hevc\", \"crf\": 20, \"two_pass\": false}");
      }
      double progress =
          switch (status) {
            case "queued" -> 0.0;
            case "completed" -> 100.0;
            default -> Math.round(random.nextDouble() * 1000) / 10.0;
          };
      ps.setDouble(9, progress);
      int created = 21_000_000 + random.nextInt(2_000_000);
      ps.setString(11, time(created));
      if (!status.equals("queued")) {
        ps.setString(10, "{\"phase\": \"encode\", \"fps\": 87.4, \"eta_seconds\": 412}");
        ps.setString(12, time(created + 60));
        ps.setInt(14, 1000 + random.nextInt(60_000));
        ps.setString(15, time(created + 600));
      }
      if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
        ps.setString(13, time(created + 3_600));
        ps.setString(21, "/var/log/vpo/jobs/" + id + ".log");
      }
      if (status.equals("completed")) {
        ps.setString(16, "/media/.vpo/out/" + id + ".mkv");
        ps.setString(19, "[" + (perFile ? fileIds.get(fileSlot % fileIds.size()) : 0) + "]");
        ps.setString(20, "{\"files_processed\": 1, \"bytes_saved\": 123456789}");
      }
      if (status.equals("failed")) {
        ps.setString(18, "ffmpeg exited with status 1: Conversion failed!");
      }
      if (type.equals("move") || type.equals("apply")) {
        ps.setString(17, "/media/.vpo/backup/" + id + ".mkv.bak");
      }
      ps.setString(22, fileSlot == -2 ? "cli" : pick("daemon", "cli", null));
    }

    private void insertOperations() throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO operations (id, file_id, file_path, policy_name, policy_version,"
                  + " actions_json, status, error_message, backup_path, started_at, completed_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < fileIds.size(); i++) {
          if (i % 3 != 0) {
            continue;
          }
          String status = OPERATION_STATUSES[(i / 3) % OPERATION_STATUSES.length];
          int started = 22_000_000 + random.nextInt(1_000_000);
          ps.setString(1, uuid());
          ps.setLong(2, fileIds.get(i));
          ps.setString(3, filePaths.get(i));
          ps.setString(4, pick(policyNames.toArray(String[]::new)));
          ps.setInt(5, 1 + random.nextInt(5));
          ps.setString(
              6,
              "[{\"action\": \"set_default\", \"track_index\": 1},"
                  + " {\"action\": \"set_language\", \"track_index\": 2, \"value\": \"jpn\"}]");
          ps.setString(7, status);
          setOrNull(
              ps, 8, status.equals("FAILED") ? "mkvpropedit: file is locked" : null, Types.VARCHAR);
          setOrNull(
              ps,
              9,
              status.equals("PENDING") ? null : filePaths.get(i) + ".vpo-backup",
              Types.VARCHAR);
          ps.setString(10, time(started));
          setOrNull(
              ps,
              11,
              status.equals("PENDING") || status.equals("IN_PROGRESS") ? null : time(started + 9),
              Types.VARCHAR);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    private void insertPlans() throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO plans (id, file_id, file_path, policy_name, policy_version, job_id,"
                  + " actions_json, action_count, requires_remux, status, created_at, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int made = 0;
        for (int i = 0; i < fileIds.size(); i++) {
          if (i % 5 != 1 && fileIds.size() > 5) {
            continue;
          }
          String status = PLAN_STATUSES[made++ % PLAN_STATUSES.length];
          int created = 22_500_000 + random.nextInt(500_000);
          int actions = random.nextInt(6);
          ps.setString(1, uuid());
          // A plan whose file was deleted keeps its path and loses the reference (SET NULL).
          setOrNull(ps, 2, made % 7 == 0 ? null : fileIds.get(i), Types.INTEGER);
          ps.setString(3, filePaths.get(i));
          ps.setString(4, pick(policyNames.toArray(String[]::new)));
          ps.setInt(5, 1 + random.nextInt(5));
          setOrNull(
              ps,
              6,
              status.equals("applied") && !processingJobIds.isEmpty()
                  ? processingJobIds.get(made % processingJobIds.size())
                  : null,
              Types.VARCHAR);
          ps.setString(7, actions == 0 ? "[]" : "[{\"action\": \"remove_track\", \"index\": 4}]");
          ps.setInt(8, actions);
          ps.setInt(9, random.nextInt(2));
          ps.setString(10, status);
          ps.setString(11, time(created));
          ps.setString(12, time(created + random.nextInt(5_000)));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    private void insertProcessingStats() throws SQLException {
      try (PreparedStatement stats =
              c.prepareStatement(
                  "INSERT INTO processing_stats (id, file_id, processed_at, policy_name,"
                      + " size_before, size_after, size_change, audio_tracks_before,"
                      + " subtitle_tracks_before, attachments_before, audio_tracks_after,"
                      + " subtitle_tracks_after, attachments_after, audio_tracks_removed,"
                      + " subtitle_tracks_removed, attachments_removed, duration_seconds,"
                      + " phases_completed, phases_total, total_changes, video_source_codec,"
                      + " video_target_codec, video_transcode_skipped, video_skip_reason,"
                      + " audio_tracks_transcoded, audio_tracks_preserved, hash_before,"
                      + " hash_after, success, error_message, encoder_type, job_id) VALUES (?, ?,"
                      + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      + " ?, ?, ?, ?, ?, ?)");
          PreparedStatement action =
              c.prepareStatement(
                  "INSERT INTO action_results (stats_id, action_type, track_type, track_index,"
                      + " before_state, after_state, success, duration_ms, rule_reference,"
                      + " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement metric =
              c.prepareStatement(
                  "INSERT INTO performance_metrics (stats_id, phase_name, wall_time_seconds,"
                      + " bytes_read, bytes_written, encoding_fps, encoding_bitrate)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < fileIds.size(); i++) {
          if (i % 3 == 2) {
            continue;
          }
          String id = uuid();
          boolean success = random.nextInt(8) != 0;
          boolean transcoded = random.nextBoolean();
          long before = 1_000_000_000L + random.nextInt(2_000_000_000);
          long after = transcoded ? before - random.nextInt(500_000_000) : before;
          int audioBefore = 1 + random.nextInt(5);
          int audioRemoved = random.nextInt(audioBefore);
          int subtitlesBefore = random.nextInt(8);
          int subtitlesRemoved = subtitlesBefore == 0 ? 0 : random.nextInt(subtitlesBefore);
          stats.setString(1, id);
          stats.setLong(2, fileIds.get(i));
          stats.setString(3, time(23_000_000 + random.nextInt(1_000_000)));
          stats.setString(4, pick(policyNames.toArray(String[]::new)));
          stats.setLong(5, before);
          stats.setLong(6, after);
          stats.setLong(7, before - after);
          stats.setInt(8, audioBefore);
          stats.setInt(9, subtitlesBefore);
          stats.setInt(10, 1);
          stats.setInt(11, audioBefore - audioRemoved);
          stats.setInt(12, subtitlesBefore - subtitlesRemoved);
          stats.setInt(13, 1);
          stats.setInt(14, audioRemoved);
          stats.setInt(15, subtitlesRemoved);
          stats.setInt(16, 0);
          stats.setDouble(17, random.nextInt(3_600_000) / 1000.0);
          stats.setInt(18, success ? 4 : 2);
          stats.setInt(19, 4);
          stats.setInt(20, audioRemoved + subtitlesRemoved + (transcoded ? 1 : 0));
          stats.setString(21, pick("h264", "hevc", "mpeg2video"));
          setOrNull(stats, 22, transcoded ? "hevc" : null, Types.VARCHAR);
          stats.setInt(23, transcoded ? 0 : 1);
          setOrNull(stats, 24, transcoded ? null : "codec_matches", Types.VARCHAR);
          stats.setInt(25, transcoded ? 1 : 0);
          stats.setInt(26, audioBefore - audioRemoved - (transcoded ? 1 : 0));
          stats.setString(27, "xxh64:" + hex(16));
          setOrNull(stats, 28, success ? "xxh64:" + hex(16) : null, Types.VARCHAR);
          stats.setInt(29, success ? 1 : 0);
          setOrNull(
              stats, 30, success ? null : "verification failed: duration mismatch", Types.VARCHAR);
          setOrNull(stats, 31, transcoded ? pick("hardware", "software") : null, Types.VARCHAR);
          // Mostly linked to a job: the 25 → 26 rebuild of jobs must keep these references.
          setOrNull(
              stats,
              32,
              i % 5 == 4 || processingJobIds.isEmpty()
                  ? null
                  : processingJobIds.get(i % processingJobIds.size()),
              Types.VARCHAR);
          stats.addBatch();

          for (int a = random.nextInt(4); a >= 0; a--) {
            action.setString(1, id);
            action.setString(2, pick("set_default", "remove", "transcode", "set_language"));
            action.setString(3, pick("audio", "subtitle", "video", null));
            setOrNull(action, 4, random.nextBoolean() ? random.nextInt(12) : null, Types.INTEGER);
            action.setString(5, "{\"codec\": \"dts\", \"default\": false}");
            action.setString(6, "{\"codec\": \"aac\", \"default\": true}");
            action.setInt(7, success ? 1 : random.nextInt(2));
            setOrNull(action, 8, random.nextInt(90_000), Types.INTEGER);
            action.setString(9, "tracks.audio.filter[" + a + "]");
            action.setString(10, "Set audio track 2 as default (jpn)");
            action.addBatch();
          }
          for (String phase : new String[] {"analyze", "remux", "transcode", "verify"}) {
            if (!transcoded && phase.equals("transcode")) {
              continue;
            }
            metric.setString(1, id);
            metric.setString(2, phase);
            metric.setDouble(3, random.nextInt(1_000_000) / 1000.0);
            metric.setLong(4, before);
            setOrNull(metric, 5, phase.equals("analyze") ? null : after, Types.INTEGER);
            setOrNull(
                metric,
                6,
                phase.equals("transcode") ? random.nextInt(2000) / 10.0 : null,
                Types.REAL);
            setOrNull(
                metric,
                7,
                phase.equals("transcode") ? 2_000_000 + random.nextInt(20_000_000) : null,
                Types.INTEGER);
            metric.addBatch();
          }
          if (i % 300 == 299) {
            stats.executeBatch();
            action.executeBatch();
            metric.executeBatch();
          }
        }
        stats.executeBatch();
        action.executeBatch();
        metric.executeBatch();
      }
    }

    private void insertTrackAnalyses() throws SQLException {
      try (PreparedStatement transcription =
              c.prepareStatement(
                  "INSERT INTO transcription_results (track_id, detected_language,"
                      + " confidence_score, track_type, transcript_sample, plugin_name,"
                      + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement analysis =
              c.prepareStatement(
                  "INSERT INTO language_analysis_results (id, track_id, file_hash,"
                      + " primary_language, primary_percentage, classification,"
                      + " analysis_metadata, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement segment =
              c.prepareStatement(
                  "INSERT INTO language_segments (analysis_id, language_code, start_time,"
                      + " end_time, confidence) VALUES (?, ?, ?, ?, ?)");
          PreparedStatement classification =
              c.prepareStatement(
                  "INSERT INTO track_classification_results (track_id, file_hash,"
                      + " original_dubbed_status, commentary_status, confidence,"
                      + " detection_method, acoustic_profile_json, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int t = 0; t < audioTrackIds.size(); t++) {
          long trackId = audioTrackIds.get(t);
          String when = time(23_500_000 + random.nextInt(500_000));
          if (t % 3 == 0) {
            transcription.setLong(1, trackId);
            transcription.setString(2, pick(LANGUAGES));
            transcription.setDouble(3, edgeOrRandomFraction(t));
            transcription.setString(4, TRANSCRIPTION_TYPES[(t / 3) % TRANSCRIPTION_TYPES.length]);
            transcription.setString(
                5, pick("Where were you on the night of the 14th?", "お前はもう死んでいる", null));
            transcription.setString(6, "whisper-transcriber");
            transcription.setString(7, when);
            transcription.setString(8, when);
            transcription.addBatch();
          }
          if (t % 4 == 1) {
            long analysisId = nextAnalysisId++;
            boolean multi = random.nextBoolean();
            String hash = "xxh64:" + hex(16);
            analysis.setLong(1, analysisId);
            analysis.setLong(2, trackId);
            analysis.setString(3, hash);
            analysis.setString(4, pick(LANGUAGES));
            analysis.setDouble(5, multi ? 0.5 + random.nextInt(400) / 1000.0 : 1.0);
            analysis.setString(6, multi ? "MULTI_LANGUAGE" : "SINGLE_LANGUAGE");
            analysis.setString(7, "{\"samples\": 12, \"model\": \"whisper-small\"}");
            analysis.setString(8, when);
            analysis.setString(9, when);
            analysis.addBatch();
            double start = 0;
            for (int s = 1 + random.nextInt(5); s > 0; s--) {
              double end = start + 5 + random.nextInt(600_000) / 1000.0;
              segment.setLong(1, analysisId);
              segment.setString(2, pick(LANGUAGES));
              segment.setDouble(3, start);
              segment.setDouble(4, end);
              segment.setDouble(5, edgeOrRandomFraction(s));
              segment.addBatch();
              start = end;
            }
          }
          if (t % 4 == 2) {
            classification.setLong(1, trackId);
            classification.setString(2, "xxh64:" + hex(16));
            classification.setString(3, pick("original", "dubbed", "unknown"));
            classification.setString(4, pick("commentary", "main", "unknown"));
            classification.setDouble(5, edgeOrRandomFraction(t));
            classification.setString(6, pick("metadata", "acoustic", "combined", "position"));
            setOrNull(
                classification,
                7,
                random.nextBoolean() ? "{\"speech_ratio\": 0.82, \"music_ratio\": 0.11}" : null,
                Types.VARCHAR);
            classification.setString(8, when);
            classification.setString(9, when);
            classification.addBatch();
          }
          if (t % 500 == 499) {
            transcription.executeBatch();
            analysis.executeBatch();
            segment.executeBatch();
            classification.executeBatch();
          }
        }
        transcription.executeBatch();
        analysis.executeBatch();
        segment.executeBatch();
        classification.executeBatch();
      }
    }

    private void insertSnapshots() throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO library_snapshots (snapshot_at, total_files, total_size_bytes,"
                  + " missing_files, error_files) VALUES (?, ?, ?, ?, ?)")) {
        for (int s = 0; s < 3 + fileCount / 1000; s++) {
          ps.setString(1, time(24_000_000 + s * 86_400));
          ps.setLong(2, firstFileNumber + fileCount);
          ps.setLong(3, totalBytes);
          ps.setInt(4, fileCount / 20);
          ps.setInt(5, fileCount / 30);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    /** Mostly random in [0, 1], with the bounds themselves now and then. */
    private double edgeOrRandomFraction(int n) {
      return n % 11 == 0 ? 1.0 : n % 13 == 0 ? 0.0 : random.nextInt(1_000_000) / 1_000_000.0;
    }

    private String pluginMetadata(String[] title) {
      return "{\"radarr\": {\"movie_id\": "
          + random.nextInt(50_000)
          + ", \"title\": \""
          + title[0].replace("\"", "\\\"")
          + "\", \"year\": "
          + title[2]
          + ", \"monitored\": true}}";
    }

    private String containerTags(String[] title) {
      return "{\"title\": \""
          + title[0]
          + "\", \"encoder\": \"libebml v1.4.4 + libmatroska v1.7.1\", \"creation_time\": \""
          + time(random.nextInt(1_000_000))
          + "\"}";
    }

    private static String containerFormat(String extension) {
      return switch (extension) {
        case "mkv" -> "matroska,webm";
        case "mp4" -> "mov,mp4,m4a,3gp,3g2,mj2";
        case "m2ts" -> "mpegts";
        default -> extension;
      };
    }

    private String time(long secondsAfterEpoch) {
      return ISO.format(
          EPOCH.plusSeconds(secondsAfterEpoch).plusNanos(random.nextInt(1_000_000) * 1000L));
    }

    private String uuid() {
      long high = (random.nextLong() & ~0xF000L) | 0x4000L;
      long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
      return new UUID(high, low).toString();
    }

    private String hex(int digits) {
      StringBuilder sb = new StringBuilder(digits);
      for (int i = 0; i < digits; i++) {
        sb.append(Character.forDigit(random.nextInt(16), 16));
      }
      return sb.toString();
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
      return choices[random.nextInt(choices.length)];
    }

    private int pickInt(int... choices) {
      return choices[random.nextInt(choices.length)];
    }

    private static void setOrNull(PreparedStatement ps, int index, Object value, int sqlType)
        throws SQLException {
      if (value == null) {
        ps.setNull(index, sqlType);
      } else {
        ps.setObject(index, value);
      }
    }

    private long scalar(String sql) throws SQLException {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }

    private boolean tableExists(String table) throws SQLException {
      return !tableSql(table).isEmpty();
    }

    private String tableSql(String table) throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : "";
        }
      }
    }

    private boolean columnExists(String table, String column) throws SQLException {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
        while (rs.next()) {
          if (rs.getString("name").equals(column)) {
            return true;
          }
        }
        return false;
      }
    }
  }
}
