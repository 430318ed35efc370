package vpo.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * Bulk for a library, so that a backup of it takes a while or needs room: a {@code payload} table
 * of text blobs that compress about 2:1, like the paths and metadata VPO stores. Deterministic.
 */
public final class PayloadTable {
  private PayloadTable() {}

  /** Adds {@code rows} blobs of {@code bytesPerRow} bytes each (creating the table if missing). */
  public static void add(Path library, int rows, int bytesPerRow) {
    Random random = new Random(7L * rows + bytesPerRow);
    try (Connection c = LibraryFixture.connect(library);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS payload (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO payload (data) VALUES (?)")) {
        for (int i = 0; i < rows; i++) {
          StringBuilder text = new StringBuilder(bytesPerRow + 16);
          while (text.length() < bytesPerRow) {
            text.append(Long.toHexString(random.nextLong() & 0xffffff)).append(' ');
          }
          ps.setBytes(1, text.toString().getBytes(StandardCharsets.US_ASCII));
          ps.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("adding payload to " + library + " failed", e);
    }
  }
}
