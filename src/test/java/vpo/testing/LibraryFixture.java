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
public final class LibraryFixture {
  /** A table of the tests' own, so fixtures do not depend on the layout of VPO's tables. */
  public static final String FILLER = "test_filler";

  private LibraryFixture() {}

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

  /** Adds {@code rows} rows of {@code bytesEach} random-looking bytes to the tests' own table. */
  public static void addFiller(Path file, int rows, int bytesEach) {
    try (Connection c = connect(file)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + FILLER + " (id INTEGER PRIMARY KEY, body BLOB)");
      }
      c.setAutoCommit(false);
      java.util.Random random = new java.util.Random(rows);
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO " + FILLER + "(body) VALUES (?)")) {
        for (int i = 0; i < rows; i++) {
          byte[] body = new byte[bytesEach];
          random.nextBytes(body);
          p.setBytes(1, body);
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
     * Garbage (0xFF) over the page header and cell-pointer array, after the page-type byte, as a
     * torn write or a bad sector would leave: cell count and offsets point outside the page.
     */
    GARBAGE_OVER_PAGE_HEADER,
    /** The whole page reads as zeros, as after a lost write on some file systems. */
    ZEROED_PAGE
  }

  /**
   * Damages one leaf page of a table in the second half of the file, where the filler table's pages
   * are (fill the library with {@link #addFiller} first). Returns the damaged page's number
   * (1-based).
   */
  public static long damageTablePage(Path file, Damage damage) throws IOException {
    int pageSize = (int) queryLong(file, "PRAGMA page_size");
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pages = ch.size() / pageSize;
      if (pages < 8) {
        throw new IllegalStateException("library too small to damage a table page: " + pages);
      }
      for (long page = pages / 2; page <= pages; page++) {
        long offset = (page - 1) * pageSize;
        ByteBuffer type = ByteBuffer.allocate(1);
        ch.read(type, offset);
        if (type.get(0) != 0x0D) { // 0x0D: leaf page of a table b-tree
          continue;
        }
        byte[] bytes = new byte[damage == Damage.ZEROED_PAGE ? pageSize : 64];
        long at = offset;
        if (damage == Damage.GARBAGE_OVER_PAGE_HEADER) {
          Arrays.fill(bytes, (byte) 0xFF);
          at = offset + 1;
        }
        ch.write(ByteBuffer.wrap(bytes), at);
        ch.force(true);
        return page;
      }
    }
    throw new IllegalStateException("no table leaf page in the second half of " + file);
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
