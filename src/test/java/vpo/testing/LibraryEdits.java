package vpo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import vpo.library.Library;

/**
 * Real SQLite libraries for tests, made by vpo's own {@link Library#create} and then filled, aged
 * or damaged through plain JDBC. Every method closes its connection before returning, so the file
 * is a single, checkpointed database (no {@code -wal}) that tests can compare byte for byte.
 */
public final class LibraryEdits {
  /** A table of the tests' own, so fixtures do not depend on the layout of VPO's tables. */
  public static final String FILLER = "test_filler";

  private LibraryEdits() {}

  /** A new, empty library at the current schema version. */
  public static Path create(Path file) {
    Library.create(file).close();
    return file;
  }

  /** A plain JDBC connection, as any other SQLite program would open the file. */
  public static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
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
            types.add(r.getString("type").toUpperCase(java.util.Locale.ROOT));
          }
        }
      }
      String sql =
          "INSERT INTO files ("
              + String.join(", ", columns)
              + ") VALUES ("
              + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
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
   * Adds {@code rows} rows of {@code bytesEach} random-looking bytes to the tests' own table, each
   * with a name ({@code filler-000001}, ...) that the index {@code test_filler_name} holds.
   */
  public static void addFiller(Path file, int rows, int bytesEach) {
    try (Connection c = connect(file)) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + FILLER
                + " (id INTEGER PRIMARY KEY, name TEXT, body BLOB)");
        s.execute("CREATE INDEX IF NOT EXISTS test_filler_name ON " + FILLER + " (name)");
      }
      c.setAutoCommit(false);
      java.util.Random random = new java.util.Random(rows);
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO " + FILLER + "(name, body) VALUES (?, ?)")) {
        for (int i = 0; i < rows; i++) {
          byte[] body = new byte[bytesEach];
          random.nextBytes(body);
          p.setString(1, String.format(java.util.Locale.ROOT, "filler-%06d", i));
          p.setBytes(2, body);
          p.addBatch();
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

  /** One number from a query. */
  public static long queryLong(Path file, String sql) {
    try (Connection c = connect(file);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot query " + file, e);
    }
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
            int at =
                indexOf(
                    bytes, cell, "filler-".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
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

  /** The SHA-256 of a file's bytes, to show that something did not change. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
