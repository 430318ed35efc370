package vpo.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import vpo.testing.LibraryFixture.Access;

/**
 * Writes backup archives byte by byte, valid or damaged in exactly one chosen way, independently of
 * vpo's writer: tar headers are built here field by field (so any name, type or link can be
 * written), gzip members come from {@link GZIPOutputStream}, and the metadata is a mutable JSON
 * object the caller can bend.
 *
 * <p>{@code ArchiveBuilder.of(db).bytes()} is a valid format-1 archive of the library file {@code
 * db}, as {@code ARCHIVE-FORMAT.md} describes it: metadata first (with {@code database_sha256}),
 * then the database, both regular files with mode 0600, closed by two zero blocks, in one gzip
 * member. Give it any age and kind ({@link #createdAt}, {@link #kind}) to fill a backup directory
 * without waiting for the clock; change {@link #metadata()}, {@link #entries()}, or post-process
 * the bytes ({@link #flipBit}, {@link #truncate}) to damage it. {@link #writePythonStyle} writes
 * the same database as the Python VPO does, with Python's own {@code tarfile}.
 *
 * <p>The static pieces ({@link #tar}, {@link #header}, {@link #gzip}, {@link #longName}) build tar
 * and gzip streams for the archive layer's own tests.
 */
public final class ArchiveBuilder {
  public static final String METADATA = "backup_metadata.json";
  public static final String DATABASE = "library.db";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant CREATED_AT = Instant.parse("2026-02-05T14:30:22Z");
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int BLOCK = 512;

  /** One tar entry: a name, a ustar type flag, content (regular files) and a link target. */
  public record Entry(String name, char type, byte[] content, String linkName) {
    public static final char FILE = '0';
    public static final char HARD_LINK = '1';
    public static final char SYMLINK = '2';
    public static final char CHAR_DEVICE = '3';
    public static final char DIRECTORY = '5';
    public static final char FIFO = '6';
    public static final char PAX_HEADER = 'x';
    public static final char GNU_LONG_NAME = 'L';

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

    /** An entry of {@code type} without content or link, named exactly {@code name}. */
    public static Entry special(String name, char type) {
      return new Entry(name, type, new byte[0], "");
    }
  }

  private final byte[] database;
  private final ObjectNode metadata;
  private final List<Entry> entries = new ArrayList<>();
  private boolean metadataFirst = true;
  private Instant mtime = CREATED_AT;

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
   * A valid archive of a new library made in {@code scratch} (a directory the caller owns): empty
   * when {@code files} is 0, else populated (deterministically) with that many media files.
   */
  public static ArchiveBuilder ofNewLibrary(Path scratch, int files) {
    try {
      Path file = Files.createTempFile(scratch, "library-", ".db");
      Files.delete(file);
      LibraryFixture.createV27(file);
      if (files > 0) {
        LibraryFixture.populate(file, files, 42);
      }
      return of(file);
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
    m.put("created_at", ISO_SECONDS.format(CREATED_AT));
    m.put("database_size_bytes", database.length);
    m.put("file_count", 0);
    m.put("total_library_size_bytes", 0);
    m.put("compression", "gzip");
    m.put("database_sha256", Sha256.of(database));
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
        (int)
            LibraryFixture.queryLong(
                db, Access.READ_ONLY, "SELECT value FROM _meta WHERE key = 'schema_version'"));
    m.put("created_at", ISO_SECONDS.format(CREATED_AT));
    m.put("database_size_bytes", bytes.length);
    m.put(
        "file_count", LibraryFixture.queryLong(db, Access.READ_ONLY, "SELECT count(*) FROM files"));
    m.put(
        "total_library_size_bytes",
        LibraryFixture.queryLong(
            db, Access.READ_ONLY, "SELECT coalesce(sum(size_bytes), 0) FROM files"));
    m.put("compression", "gzip");
    m.put("database_sha256", Sha256.of(bytes));
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

  /** Dates the archive: the metadata's {@code created_at} and both entries' mtime. */
  public ArchiveBuilder createdAt(Instant created) {
    metadata.put("created_at", ISO_SECONDS.format(created));
    mtime = created;
    return this;
  }

  /** The metadata's {@code kind}: {@code backup}, {@code pre-restore}, {@code pre-migration}. */
  public ArchiveBuilder kind(String kind) {
    metadata.put("kind", kind);
    return this;
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
    return tar(entries(), mtime);
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

  /**
   * Writes this archive's database to {@code file} the way the Python VPO does, with Python's
   * {@code tarfile}: {@code library.db} first, then {@code backup_metadata.json} holding exactly
   * the Python keys (its file count and total size taken from {@link #metadata()}), indented by 2,
   * {@code created_at} formatted with {@code %Y-%m-%dT%H:%M:%SZ} from {@link #createdAt}.
   */
  public Path writePythonStyle(Path file) {
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
    try (ChildProcesses children = new ChildProcesses()) {
      dbFile = Files.createTempFile(file.toAbsolutePath().getParent(), ".py-source-", ".db");
      Files.write(dbFile, database);
      ChildProcesses.Output python =
          children.run(
              60,
              Python.command(
                  script,
                  file.toString(),
                  dbFile.toString(),
                  Long.toString(mtime.getEpochSecond()),
                  Long.toString(metadata.get("file_count").asLong()),
                  Long.toString(metadata.get("total_library_size_bytes").asLong())));
      if (python.exitCode() != 0) {
        throw new IllegalStateException("python3 could not write the archive: " + python);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
      ByteBuffer b = ByteBuffer.allocate(1);
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

  /** The parts, one after the other. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
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
  public static byte[] tar(Entry... entries) {
    return tar(List.of(entries), CREATED_AT);
  }

  /** As {@link #tar(Entry...)}. */
  public static byte[] tar(List<Entry> entries) {
    return tar(entries, CREATED_AT);
  }

  private static byte[] tar(List<Entry> entries, Instant mtime) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      out.writeBytes(header(e, e.content().length, mtime));
      out.writeBytes(e.content());
      out.writeBytes(new byte[padding(e.content().length)]);
    }
    out.writeBytes(new byte[2 * BLOCK]);
    return out.toByteArray();
  }

  /**
   * A tar entry that gives the entry after it a {@code length}-character name of {@code n}s: a GNU
   * long-name entry ({@link Entry#GNU_LONG_NAME}), or a pax header ({@link Entry#PAX_HEADER}) with
   * a {@code path} record. Header, content and padding, without the end-of-archive blocks.
   */
  public static byte[] longName(char type, int length) {
    byte[] data;
    if (type == Entry.GNU_LONG_NAME) {
      data = concat("n".repeat(length).getBytes(StandardCharsets.US_ASCII), new byte[1]);
    } else if (type == Entry.PAX_HEADER) {
      String tail = " path=" + "n".repeat(length) + "\n";
      int size = tail.length() + String.valueOf(tail.length()).length();
      size = tail.length() + String.valueOf(size).length();
      data = (size + tail).getBytes(StandardCharsets.US_ASCII);
    } else {
      throw new IllegalArgumentException("not a long-name entry type: " + type);
    }
    String name = type == Entry.GNU_LONG_NAME ? "././@LongLink" : "PaxHeader";
    return concat(
        header(new Entry(name, type, data, ""), data.length), data, new byte[padding(data.length)]);
  }

  /**
   * A ustar header for {@code e} declaring {@code size} bytes of content: fields as POSIX lays them
   * out, numbers in octal, names over 100 bytes split into prefix and name.
   */
  public static byte[] header(Entry e, long size) {
    return header(e, size, CREATED_AT);
  }

  private static byte[] header(Entry e, long size, Instant mtime) {
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
    octal(h, 136, 12, mtime.getEpochSecond());
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
}
