package vpo.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import vpo.testing.LibraryFixture.Access;

/**
 * Writes backup archives byte by byte, valid or damaged in exactly one chosen way: tar headers are
 * built here field by field (so any name, type or link can be written), gzip members come from
 * {@link GZIPOutputStream}, and the metadata is a mutable JSON object the caller can bend.
 *
 * <p>{@code ArchiveBuilder.of(db).bytes()} is a valid format-1 archive of the library file {@code
 * db}, as {@code ARCHIVE-FORMAT.md} describes it: metadata first (with {@code database_sha256}),
 * then the database, both regular files with mode 0600, closed by two zero blocks, in one gzip
 * member. Change {@link #metadata()}, {@link #entries()}, or post-process the bytes to damage it.
 */
public final class ArchiveBuilder {
  public static final String METADATA = "backup_metadata.json";
  public static final String DATABASE = "library.db";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MTIME = 1_770_301_822L; // 2026-02-05T14:30:22Z
  private static final int BLOCK = 512;

  /** One tar entry: a name, a ustar type flag, content (regular files) and a link target. */
  public record Entry(String name, char type, byte[] content, String linkName) {
    public static final char FILE = '0';
    public static final char HARD_LINK = '1';
    public static final char SYMLINK = '2';
    public static final char CHAR_DEVICE = '3';
    public static final char DIRECTORY = '5';
    public static final char FIFO = '6';

    public static Entry file(String name, byte[] content) {
      return new Entry(name, FILE, content, "");
    }

    public static Entry symlink(String name, String target) {
      return new Entry(name, SYMLINK, new byte[0], target);
    }

    public static Entry hardLink(String name, String target) {
      return new Entry(name, HARD_LINK, new byte[0], target);
    }

    public static Entry directory(String name) {
      return new Entry(name.endsWith("/") ? name : name + "/", DIRECTORY, new byte[0], "");
    }

    public static Entry fifo(String name) {
      return new Entry(name, FIFO, new byte[0], "");
    }

    public static Entry charDevice(String name) {
      return new Entry(name, CHAR_DEVICE, new byte[0], "");
    }
  }

  private final byte[] database;
  private final ObjectNode metadata;
  private final List<Entry> entries = new ArrayList<>();
  private boolean metadataFirst = true;

  private ArchiveBuilder(byte[] database, ObjectNode metadata) {
    this.database = database;
    this.metadata = metadata;
  }

  /** A valid archive of the library file {@code db}, with metadata describing it truthfully. */
  public static ArchiveBuilder of(Path db) {
    try {
      return new ArchiveBuilder(Files.readAllBytes(db), metadataFor(db));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An archive holding {@code database} as its {@code library.db} entry, with metadata whose size
   * and checksum match those bytes and whose other fields are plausible.
   */
  public static ArchiveBuilder ofBytes(byte[] database) {
    ObjectNode m = JSON.createObjectNode();
    m.put("vpo_version", "0.1.0");
    m.put("schema_version", 27);
    m.put("created_at", "2026-02-05T14:30:22Z");
    m.put("database_size_bytes", database.length);
    m.put("file_count", 0);
    m.put("total_library_size_bytes", 0);
    m.put("compression", "gzip");
    m.put("database_sha256", sha256(database));
    m.put("format_version", 1);
    m.put("kind", "backup");
    return new ArchiveBuilder(database.clone(), m);
  }

  /** The metadata vpo writes for {@code db}: every required field, checksum, format and kind. */
  public static ObjectNode metadataFor(Path db) throws IOException {
    byte[] bytes = Files.readAllBytes(db);
    ObjectNode m = JSON.createObjectNode();
    m.put("vpo_version", "0.1.0");
    m.put(
        "schema_version",
        Integer.parseInt(scalar(db, "SELECT value FROM _meta WHERE key = 'schema_version'")));
    m.put("created_at", "2026-02-05T14:30:22Z");
    m.put("database_size_bytes", bytes.length);
    m.put("file_count", Long.parseLong(scalar(db, "SELECT count(*) FROM files")));
    m.put(
        "total_library_size_bytes",
        Long.parseLong(scalar(db, "SELECT coalesce(sum(size_bytes), 0) FROM files")));
    m.put("compression", "gzip");
    m.put("database_sha256", sha256(bytes));
    m.put("format_version", 1);
    m.put("kind", "backup");
    return m;
  }

  /** The metadata object, to change before {@link #bytes()}. */
  public ObjectNode metadata() {
    return metadata;
  }

  /** The database bytes the default entries carry. */
  public byte[] database() {
    return database.clone();
  }

  /** Puts {@code library.db} first, as the Python VPO does. */
  public ArchiveBuilder databaseFirst() {
    metadataFirst = false;
    return this;
  }

  /**
   * Replaces the default two entries with {@code replacement}, written in this order. Use {@link
   * #metadataEntry()} and {@link #databaseEntry()} for the ordinary members.
   */
  public ArchiveBuilder entries(Entry... replacement) {
    entries.clear();
    entries.addAll(Arrays.asList(replacement));
    return this;
  }

  /** The entries {@link #bytes()} will write. */
  public List<Entry> entries() {
    if (!entries.isEmpty()) {
      return List.copyOf(entries);
    }
    return metadataFirst
        ? List.of(metadataEntry(), databaseEntry())
        : List.of(databaseEntry(), metadataEntry());
  }

  /** The metadata as a regular-file entry, serialised now. */
  public Entry metadataEntry() {
    return Entry.file(METADATA, metadataJson());
  }

  /** The database as a regular-file entry. */
  public Entry databaseEntry() {
    return Entry.file(DATABASE, database);
  }

  public byte[] metadataJson() {
    try {
      return JSON.writeValueAsBytes(metadata);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The uncompressed tar stream, closed by two zero blocks. */
  public byte[] tarBytes() {
    return tar(entries());
  }

  /** The archive: the tar stream in one gzip member. */
  public byte[] bytes() {
    return gzip(tarBytes());
  }

  /** The archive with its tar stream cut into gzip members of at most {@code memberSize} bytes. */
  public byte[] bytesInMembers(int memberSize) {
    byte[] tar = tarBytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < tar.length; at += memberSize) {
      out.writeBytes(gzip(Arrays.copyOfRange(tar, at, Math.min(tar.length, at + memberSize))));
    }
    return out.toByteArray();
  }

  /** Writes {@link #bytes()} to {@code file} and returns it. */
  public Path writeTo(Path file) {
    return write(file, bytes());
  }

  public static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code data} compressed as one gzip member. */
  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A tar stream of {@code entries}: a ustar header each, content padded to blocks, two zero
   * blocks.
   */
  public static byte[] tar(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      out.writeBytes(header(e, e.content().length));
      out.writeBytes(e.content());
      out.writeBytes(new byte[padding(e.content().length)]);
    }
    out.writeBytes(new byte[2 * BLOCK]);
    return out.toByteArray();
  }

  /**
   * A ustar header for {@code e} declaring {@code size} bytes of content: fields as POSIX lays them
   * out, numbers in octal, names over 100 bytes split into prefix and name.
   */
  public static byte[] header(Entry e, long size) {
    byte[] h = new byte[BLOCK];
    byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
    byte[] prefix = new byte[0];
    if (name.length > 100) {
      int slash = e.name().lastIndexOf('/', e.name().length() - 2);
      prefix = e.name().substring(0, slash).getBytes(StandardCharsets.UTF_8);
      name = e.name().substring(slash + 1).getBytes(StandardCharsets.UTF_8);
      if (name.length > 100 || prefix.length > 155) {
        throw new IllegalArgumentException("name too long for ustar: " + e.name());
      }
    }
    System.arraycopy(name, 0, h, 0, name.length);
    int mode = e.type() == Entry.DIRECTORY ? 0700 : 0600;
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0); // uid
    octal(h, 116, 8, 0); // gid
    octal(h, 124, 12, size);
    octal(h, 136, 12, MTIME);
    h[156] = (byte) e.type();
    byte[] link = e.linkName().getBytes(StandardCharsets.UTF_8);
    System.arraycopy(link, 0, h, 157, link.length);
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    octal(h, 329, 8, 0); // devmajor
    octal(h, 337, 8, 0); // devminor
    System.arraycopy(prefix, 0, h, 345, prefix.length);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String chk = String.format("%06o", sum);
    System.arraycopy(chk.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  /** Zero bytes that pad {@code size} bytes of content to a whole block. */
  public static int padding(long size) {
    return (int) ((BLOCK - size % BLOCK) % BLOCK);
  }

  private static void octal(byte[] h, int at, int width, long value) {
    String digits = String.format("%0" + (width - 1) + "o", value);
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, at, width - 1);
    h[at + width - 1] = 0;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Folds {@code db}'s WAL into it and leaves it in rollback mode: one self-contained file, whose
   * bytes are the whole library, ready to archive.
   */
  public static Path selfContained(Path db) {
    try (Connection c = LibraryFixture.connect(db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      s.execute("PRAGMA journal_mode=DELETE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot checkpoint " + db, e);
    }
    return db;
  }

  private static String scalar(Path db, String sql) {
    try (Connection c = LibraryFixture.connect(db, Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + db, e);
    }
  }
}
