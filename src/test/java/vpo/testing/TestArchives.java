package vpo.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import vpo.testing.LibraryFixture.Access;

/**
 * Backup archives built by test code, independently of vpo's writer, so that tests can have
 * archives of any age and kind without waiting for the clock, and can damage them in known ways.
 *
 * <ul>
 *   <li>{@link #write}: a valid vpo-style archive ({@code backup_metadata.json} first, then {@code
 *       library.db}) with the given {@code created_at} and {@code kind}, and the checksum vpo
 *       records; written with commons-compress and one plain gzip member.
 *   <li>{@link #writePythonStyle}: the archive the Python VPO writes, made by Python's own {@code
 *       tarfile} ({@code library.db} first, then the metadata with exactly the Python keys).
 *   <li>{@link #flipBit}, {@link #truncate}: damage in place.
 * </ul>
 */
public final class TestArchives {
  private static final DateTimeFormatter CREATED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private TestArchives() {}

  /** A library database as bytes, with its row count in {@code files}. */
  public record Database(byte[] bytes, long fileCount, long totalLibrarySizeBytes) {}

  /**
   * A small valid library at the current schema version: empty when {@code files} is 0, else
   * populated (deterministically) with that many media files. {@code scratch} is a directory the
   * caller owns.
   */
  public static Database database(Path scratch, int files) {
    try {
      Path file = Files.createTempFile(scratch, "library-", ".db");
      Files.delete(file);
      LibraryFixture.createV27(file);
      if (files > 0) {
        LibraryFixture.populate(file, files, 42);
      }
      long count;
      long total;
      try (Connection c = LibraryFixture.connect(file, Access.READ_ONLY);
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM files")) {
        r.next();
        count = r.getLong(1);
        total = r.getLong(2);
      }
      byte[] bytes = Files.readAllBytes(file);
      return new Database(bytes, count, total);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The metadata vpo writes for {@code db}, as an ordered map. */
  public static Map<String, Object> metadata(Database db, Instant created, String kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vpo_version", "0.1.0");
    m.put("schema_version", 27);
    m.put("created_at", CREATED_AT.format(created));
    m.put("database_size_bytes", db.bytes().length);
    m.put("file_count", db.fileCount());
    m.put("total_library_size_bytes", db.totalLibrarySizeBytes());
    m.put("compression", "gzip");
    m.put("database_sha256", sha256(db.bytes()));
    m.put("format_version", 1);
    m.put("kind", kind);
    return m;
  }

  /**
   * Writes a valid vpo-style archive of {@code db} to {@code file}: metadata first, both entries
   * regular files with mode 0600 and mtime {@code created}. {@code kind} is the metadata's {@code
   * kind} ({@code backup}, {@code pre-restore}, {@code pre-migration}).
   */
  public static Path write(Path file, Database db, Instant created, String kind) {
    return write(file, db, metadata(db, created, kind), created);
  }

  /** Writes a vpo-style archive with exactly {@code metadata} (for hand-made variations). */
  public static Path write(Path file, Database db, Map<String, Object> metadata, Instant mtime) {
    try {
      byte[] json = new ObjectMapper().writeValueAsBytes(metadata);
      try (OutputStream raw = Files.newOutputStream(file);
          GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
        putEntry(tar, "backup_metadata.json", json, mtime);
        putEntry(tar, "library.db", db.bytes(), mtime);
        tar.finish();
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putEntry(TarArchiveOutputStream tar, String name, byte[] data, Instant mtime)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    e.setMode(0100600);
    e.setModTime(Date.from(mtime));
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  /**
   * Writes an archive the way the Python VPO does, with Python's {@code tarfile}: {@code
   * library.db} first, then {@code backup_metadata.json} holding exactly the Python keys, indented
   * by 2, {@code created_at} formatted with {@code %Y-%m-%dT%H:%M:%SZ}.
   */
  public static Path writePythonStyle(Path file, Database db, Instant created) {
    String script =
        String.join(
            "\n",
            "import io, json, os, sys, tarfile",
            "from datetime import datetime, timezone",
            "out, db, ts, files, total = sys.argv[1:6]",
            "created = datetime.fromtimestamp(int(ts), timezone.utc)",
            "meta = {",
            "    'vpo_version': '0.9.2',",
            "    'schema_version': 27,",
            "    'created_at': created.strftime('%Y-%m-%dT%H:%M:%SZ'),",
            "    'database_size_bytes': os.path.getsize(db),",
            "    'file_count': int(files),",
            "    'total_library_size_bytes': int(total),",
            "    'compression': 'gzip',",
            "}",
            "with tarfile.open(out, 'w:gz') as tar:",
            "    tar.add(db, arcname='library.db')",
            "    data = json.dumps(meta, indent=2).encode('utf-8')",
            "    info = tarfile.TarInfo('backup_metadata.json')",
            "    info.size = len(data)",
            "    info.mtime = int(ts)",
            "    tar.addfile(info, io.BytesIO(data))",
            "");
    Path dbFile = null;
    try {
      dbFile = Files.createTempFile(file.toAbsolutePath().getParent(), ".py-source-", ".db");
      Files.write(dbFile, db.bytes());
      List<String> command = new ArrayList<>();
      command.add("python3");
      command.add("-c");
      command.add(script);
      command.add(file.toString());
      command.add(dbFile.toString());
      command.add(Long.toString(created.getEpochSecond()));
      command.add(Long.toString(db.fileCount()));
      command.add(Long.toString(db.totalLibrarySizeBytes()));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("python3 could not write the archive: " + output);
      }
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("python3 is needed to build Python-style archives", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (dbFile != null) {
        try {
          Files.deleteIfExists(dbFile);
        } catch (IOException ignored) {
          // The temp dir goes away with the test.
        }
      }
    }
  }

  /** Flips bit {@code bit} (0–7) of the byte at {@code offset} of {@code file}, in place. */
  public static void flipBit(Path file, long offset, int bit) {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      if (ch.read(b, offset) != 1) {
        throw new IllegalArgumentException("no byte at " + offset + " in " + file);
      }
      b.put(0, (byte) (b.get(0) ^ (1 << bit)));
      b.rewind();
      ch.write(b, offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cuts {@code file} down to its first {@code size} bytes. */
  public static void truncate(Path file, long size) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
