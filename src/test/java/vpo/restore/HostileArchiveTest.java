package vpo.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.ArchiveBuilder.DATABASE;
import static vpo.testing.ArchiveBuilder.METADATA;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ArchiveBuilder.Entry;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Access;
import vpo.testing.TestHome;
import vpo.testing.UncleanLibrary;

/**
 * Damaged and hostile archives, one case per kind of damage (ARCHIVE-FORMAT.md "What a reader
 * accepts and refuses", "Metadata", "Validation"). Each is restored with {@code --yes} over an
 * existing library whose last changes are still in its {@code -wal}; each must end with exit 3, one
 * {@code Error:} line, and not one byte changed anywhere in the test's directory tree: not the
 * library, its {@code -wal} and {@code -shm}, the library or backup directory (no temp file, no
 * safety archive), nor any place an entry's name points to.
 *
 * <p>Every case starts from the valid archive {@link ArchiveBuilder#of} makes of a small library
 * and changes one thing; {@link #acceptedVariants} shows that archive, and the variations a reader
 * must accept, restoring cleanly through the same harness.
 */
class HostileArchiveTest {
  @TempDir static Path shared;
  static Path source;
  static LibraryContent sourceContent;
  static Path existing;
  static Path corruptDatabase;
  static Path foreignDatabase;
  static Path metaWithoutFiles;

  @TempDir Path tmp;

  @FunctionalInterface
  interface Damage {
    byte[] archive(Path tmp) throws Exception;
  }

  /** A named case; the name is what a failure reports. */
  record Case(String name, Damage damage) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void libraries() throws Exception {
    source = LibraryFixture.createV27(shared.resolve("source.db"));
    LibraryFixture.populate(source, 4, 11);
    LibraryFixture.selfContained(source);
    sourceContent = LibraryContent.read(source);

    Files.createDirectories(shared.resolve("existing"));
    existing = shared.resolve("existing").resolve("library.db");
    UncleanLibrary.create(existing, 6, 99);

    // A real library with one page in the middle overwritten: its header and schema still read,
    // but the b-tree page is garbage, which quick_check reports.
    corruptDatabase = LibraryFixture.createV27(shared.resolve("corrupt.db"));
    LibraryFixture.populate(corruptDatabase, 30, 12);
    LibraryFixture.selfContained(corruptDatabase);
    byte[] bytes = Files.readAllBytes(corruptDatabase);
    int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
    int middle = bytes.length / pageSize / 2;
    Arrays.fill(bytes, middle * pageSize, middle * pageSize + 64, (byte) 0xff);
    Files.write(corruptDatabase, bytes);
    assertThat(quickCheck(corruptDatabase))
        .as("the corrupted library fails quick_check")
        .isNotEqualTo("ok");

    foreignDatabase = shared.resolve("foreign.db");
    LibraryFixture.execute(
        foreignDatabase,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
        "INSERT INTO notes (text) VALUES ('not a library')");
    LibraryFixture.selfContained(foreignDatabase);

    metaWithoutFiles = shared.resolve("meta-only.db");
    LibraryFixture.execute(
        metaWithoutFiles,
        "CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO _meta VALUES ('schema_version', '27')");
    LibraryFixture.selfContained(metaWithoutFiles);
  }

  static Stream<Case> hostileArchives() {
    return Stream.of(
        // --- the gzip layer
        damage("not gzip at all: text", t -> "this is not an archive\n".repeat(40).getBytes()),
        damage("empty file", t -> new byte[0]),
        damage("truncated in the gzip header (5 of 10 bytes)", t -> cut(valid(), 5)),
        damage("truncated right after the gzip header", t -> cut(valid(), 10)),
        damage("truncated mid-deflate", t -> cut(valid(), valid().length / 2)),
        damage("truncated in the trailer (ISIZE missing)", t -> cut(valid(), valid().length - 4)),
        damage("truncated by its last byte", t -> cut(valid(), valid().length - 1)),
        damage(
            "trailing garbage after the gzip stream",
            t -> ArchiveBuilder.concat(valid(), "garbage\n".getBytes())),
        damage(
            "trailing garbage that starts like a gzip member",
            t -> ArchiveBuilder.concat(valid(), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3})),
        damage("CRC-32 in the trailer wrong", t -> xorAt(valid(), -8, 0x01)),
        damage("ISIZE in the trailer wrong", t -> xorAt(valid(), -4, 0x01)),
        damage("compression method not deflate", t -> xorAt(valid(), 2, 0x01)),
        damage(
            "second of three gzip members has a wrong CRC",
            t -> {
              byte[] tar = builder().tarBytes();
              int third = tar.length / 3 / 512 * 512;
              byte[] second = ArchiveBuilder.gzip(Arrays.copyOfRange(tar, third, 2 * third));
              second[second.length - 8] ^= 0x01;
              return ArchiveBuilder.concat(
                  ArchiveBuilder.gzip(Arrays.copyOfRange(tar, 0, third)),
                  second,
                  ArchiveBuilder.gzip(Arrays.copyOfRange(tar, 2 * third, tar.length)));
            }),
        damage("plain uncompressed tar", t -> builder().tarBytes()),
        damage(
            "gzip of something that is not tar", t -> ArchiveBuilder.gzip(randomBytes(20_000, 1))),

        // --- the tar layer
        damage("tar truncated inside library.db (gzip intact)", t -> gzipOfTarCut(-4096)),
        damage(
            "tar header checksum wrong",
            t -> ArchiveBuilder.gzip(xorAt(builder().tarBytes(), 148, 0x01))),
        damage("no entries at all", t -> ArchiveBuilder.gzip(ArchiveBuilder.tar(List.of()))),
        damage("metadata missing", t -> entries(b -> b.entries(b.databaseEntry()))),
        damage("library.db missing", t -> entries(b -> b.entries(b.metadataEntry()))),
        damage(
            "metadata twice",
            t -> entries(b -> b.entries(b.metadataEntry(), b.databaseEntry(), b.metadataEntry()))),
        damage(
            "library.db twice",
            t -> entries(b -> b.entries(b.metadataEntry(), b.databaseEntry(), b.databaseEntry()))),
        damage(
            "metadata is a symlink",
            t ->
                entries(b -> b.entries(Entry.symlink(METADATA, "/etc/passwd"), b.databaseEntry()))),
        damage(
            "library.db is a symlink",
            t ->
                entries(b -> b.entries(b.metadataEntry(), Entry.symlink(DATABASE, "/etc/passwd")))),
        damage(
            "metadata is a directory",
            t -> entries(b -> b.entries(Entry.directory(METADATA), b.databaseEntry()))),
        damage(
            "library.db is a directory",
            t -> entries(b -> b.entries(b.metadataEntry(), Entry.directory(DATABASE)))),
        damage(
            "metadata is a hard link to a good copy of itself",
            t ->
                entries(
                    b ->
                        b.entries(
                            Entry.file("copy.json", b.metadataJson()),
                            Entry.hardLink(METADATA, "copy.json"),
                            b.databaseEntry()))),
        damage(
            "library.db is a hard link to a good copy of itself",
            t ->
                entries(
                    b ->
                        b.entries(
                            b.metadataEntry(),
                            Entry.file("copy.db", b.database()),
                            Entry.hardLink(DATABASE, "copy.db")))),
        damage(
            "library.db is a fifo",
            t -> entries(b -> b.entries(b.metadataEntry(), Entry.fifo(DATABASE)))),
        damage(
            "library.db is a character device",
            t -> entries(b -> b.entries(b.metadataEntry(), Entry.charDevice(DATABASE)))),
        damage(
            "library.db only as ../library.db (ignored, so missing)",
            t ->
                entries(
                    b -> b.entries(b.metadataEntry(), Entry.file("../" + DATABASE, b.database())))),
        damage(
            "library.db only as /abs/library.db (ignored, so missing)",
            t ->
                entries(
                    b ->
                        b.entries(
                            b.metadataEntry(), Entry.file("/abs/" + DATABASE, b.database())))),
        damage(
            "library.db only as an absolute path into the test directory",
            t ->
                entries(
                    b ->
                        b.entries(
                            b.metadataEntry(),
                            Entry.file(
                                t.resolve("abs").resolve(DATABASE).toString(), b.database())))),
        damage(
            "metadata only as ../backup_metadata.json",
            t ->
                entries(
                    b ->
                        b.entries(
                            Entry.file("../" + METADATA, b.metadataJson()), b.databaseEntry()))),
        damage(
            "metadata entry over 1 MiB (valid JSON)",
            t -> metadata(m -> m.put("padding", " ".repeat(1 << 20)))),

        // --- the metadata
        damage("metadata not JSON", t -> metadataBytes("{\"vpo_version\": \"0.1.0\", ")),
        damage(
            "metadata a JSON array",
            t ->
                metadataBytes(
                    "[" + new String(builder().metadataJson(), StandardCharsets.UTF_8) + "]")),
        damage("metadata JSON null", t -> metadataBytes("null")),
        damage("metadata a JSON string", t -> metadataBytes("\"backup\"")),
        damage("metadata empty", t -> metadataBytes("")),
        damage(
            "metadata with trailing content after the object",
            t ->
                metadataBytes(
                    new String(builder().metadataJson(), StandardCharsets.UTF_8) + " {}")),
        missing("vpo_version"),
        missing("schema_version"),
        missing("created_at"),
        missing("database_size_bytes"),
        missing("file_count"),
        missing("total_library_size_bytes"),
        missing("compression"),
        damage("vpo_version a number", t -> metadata(m -> m.put("vpo_version", 1))),
        damage("vpo_version null", t -> metadata(m -> m.putNull("vpo_version"))),
        damage("schema_version true", t -> metadata(m -> m.put("schema_version", true))),
        damage("schema_version 27.0", t -> metadata(m -> m.put("schema_version", 27.0))),
        damage("schema_version \"27\"", t -> metadata(m -> m.put("schema_version", "27"))),
        damage("schema_version 0", t -> metadata(m -> m.put("schema_version", 0))),
        damage("schema_version null", t -> metadata(m -> m.putNull("schema_version"))),
        damage("created_at not a time", t -> metadata(m -> m.put("created_at", "yesterday"))),
        damage("created_at a number", t -> metadata(m -> m.put("created_at", 1770301822))),
        damage(
            "database_size_bytes as a string",
            t ->
                metadata(m -> m.put("database_size_bytes", m.get("database_size_bytes").asText()))),
        damage("database_size_bytes true", t -> metadata(m -> m.put("database_size_bytes", true))),
        damage(
            "database_size_bytes as a float",
            t ->
                metadata(
                    m -> m.put("database_size_bytes", m.get("database_size_bytes").asDouble()))),
        damage(
            "database_size_bytes negative", t -> metadata(m -> m.put("database_size_bytes", -1))),
        damage(
            "database_size_bytes negative, no sha256 (not just a warning)",
            t ->
                metadata(
                    m -> {
                      m.remove("database_sha256");
                      m.put("database_size_bytes", -1);
                    })),
        damage(
            "database_size_bytes a string, no sha256 (not just a warning)",
            t ->
                metadata(
                    m -> {
                      m.remove("database_sha256");
                      m.put("database_size_bytes", m.get("database_size_bytes").asText());
                    })),
        damage("file_count as a string", t -> metadata(m -> m.put("file_count", "4"))),
        damage("file_count 4.0", t -> metadata(m -> m.put("file_count", 4.0))),
        damage("file_count negative", t -> metadata(m -> m.put("file_count", -4))),
        damage(
            "total_library_size_bytes negative",
            t -> metadata(m -> m.put("total_library_size_bytes", -1))),
        damage(
            "total_library_size_bytes false",
            t -> metadata(m -> m.put("total_library_size_bytes", false))),
        damage("compression a number", t -> metadata(m -> m.put("compression", 1))),
        damage("database_sha256 a number", t -> metadata(m -> m.put("database_sha256", 12345))),
        damage("format_version a string", t -> metadata(m -> m.put("format_version", "1"))),
        damage("kind a number", t -> metadata(m -> m.put("kind", 1))),
        damage(
            "database_size_bytes one too many (sha256 present)",
            t ->
                metadata(
                    m -> m.put("database_size_bytes", m.get("database_size_bytes").asLong() + 1))),
        damage(
            "database_size_bytes one too few (sha256 present)",
            t ->
                metadata(
                    m -> m.put("database_size_bytes", m.get("database_size_bytes").asLong() - 1))),
        damage(
            "database_sha256 wrong in one digit",
            t ->
                metadata(
                    m -> {
                      String sha = m.get("database_sha256").asText();
                      m.put(
                          "database_sha256", (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1));
                    })),
        damage(
            "database bytes changed, size and sha256 of the original",
            t -> {
              ArchiveBuilder b = builder();
              byte[] db = b.database();
              db[db.length / 2] ^= 0x01;
              return b.entries(b.metadataEntry(), Entry.file(DATABASE, db)).bytes();
            }),

        // --- the database
        damage(
            "database bytes not SQLite",
            t -> ArchiveBuilder.ofBytes(randomBytes(65_536, 2)).bytes()),
        damage(
            "database fails quick_check (a corrupted page)",
            t -> ArchiveBuilder.ofBytes(Files.readAllBytes(corruptDatabase)).bytes()),
        damage(
            "database is SQLite but not a VPO library (no _meta)",
            t -> ArchiveBuilder.ofBytes(Files.readAllBytes(foreignDatabase)).bytes()),
        damage(
            "database has _meta but no files table",
            t -> ArchiveBuilder.ofBytes(Files.readAllBytes(metaWithoutFiles)).bytes()),
        damage("database empty (0 bytes)", t -> ArchiveBuilder.ofBytes(new byte[0]).bytes()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileArchives")
  void refusedWithExit3AndNothingChanged(Case c) throws Exception {
    TestHome home = homeWithExistingLibrary();
    Path archive =
        ArchiveBuilder.write(tmp.resolve("in").resolve("archive.tar.gz"), c.damage().archive(tmp));
    List<Path> outside = outsidePaths();
    assertThat(outside).noneMatch(Files::exists);
    SortedMap<String, String> before = disk(home);

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(c + "\n" + r).isEqualTo(3);
    assertThat(r.err().lines()).as(r.toString()).singleElement().asString().startsWith("Error: ");
    assertThat(r.out()).isEmpty();
    assertThat(disk(home)).isEqualTo(before);
    assertThat(outside).noneMatch(Files::exists);
  }

  static Stream<Case> acceptedVariants() {
    return Stream.of(
        damage("the unchanged archive", t -> valid()),
        damage(
            "library.db first, as the Python VPO writes", t -> builder().databaseFirst().bytes()),
        damage("one gzip member per 4 KiB of tar", t -> builder().bytesInMembers(4096)),
        damage("one gzip member per 512 bytes of tar", t -> builder().bytesInMembers(512)),
        damage(
            "an extra entry, ignored",
            t ->
                entries(
                    b ->
                        b.entries(
                            b.metadataEntry(),
                            Entry.file("notes.txt", "hi".getBytes()),
                            b.databaseEntry()))),
        damage(
            "extra entries aimed outside, ignored and never written",
            t ->
                entries(
                    b ->
                        b.entries(
                            Entry.file("../" + DATABASE, "x".getBytes()),
                            Entry.file("/abs/" + DATABASE, "x".getBytes()),
                            Entry.file(
                                t.resolve("abs").resolve(DATABASE).toString(), "x".getBytes()),
                            Entry.symlink("link", "/etc"),
                            Entry.directory("dir"),
                            b.metadataEntry(),
                            b.databaseEntry()))),
        damage(
            "unknown metadata fields, ignored",
            t -> metadata(m -> m.putObject("future").put("x", 1))),
        damage(
            "only the fields the Python VPO writes",
            t -> metadata(m -> m.remove(List.of("database_sha256", "format_version", "kind")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedVariants")
  void acceptedAndRestored(Case c) throws Exception {
    TestHome home = homeWithExistingLibrary();
    Path archive =
        ArchiveBuilder.write(tmp.resolve("in").resolve("archive.tar.gz"), c.damage().archive(tmp));
    List<String> libraryDir = DiskState.names(home.dataDir());
    List<Path> outside = outsidePaths();

    TestHome.Result r =
        home.run("library", "restore", archive.toString(), "--yes", "--no-safety-backup");

    assertThat(r.exitCode()).as(c + "\n" + r).isZero();
    assertThat(LibraryContent.read(home.library())).isEqualTo(sourceContent);
    assertThat(DiskState.names(home.dataDir()))
        .as("no temp files, no old -wal/-shm")
        .isEqualTo(
            libraryDir.stream().filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm")).toList());
    assertThat(DiskState.names(home.backups())).isEmpty();
    assertThat(outside).noneMatch(Files::exists);
    assertThat(tmp.resolve("abs")).doesNotExist();
  }

  /**
   * The one case where metadata and database disagree and the archive is still good: the Python VPO
   * records the live file's size before it snapshots, and writes no checksum. A size mismatch
   * without {@code database_sha256} is a warning; with it, an error (see the hostile cases).
   */
  @Test
  void sizeMismatchWithoutChecksumIsOnlyAWarning() throws Exception {
    TestHome home = homeWithExistingLibrary();
    byte[] bytes =
        metadata(
            m -> {
              m.remove("database_sha256");
              m.put("database_size_bytes", m.get("database_size_bytes").asLong() + 32_768);
            });
    Path archive = ArchiveBuilder.write(tmp.resolve("python.tar.gz"), bytes);

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Warning:").contains("bytes");
    assertThat(LibraryContent.read(home.library())).isEqualTo(sourceContent);
  }

  // ---------------------------------------------------------------- helpers

  private TestHome homeWithExistingLibrary() {
    TestHome home = new TestHome(tmp);
    TestHome.Result init = home.run("init");
    assertThat(init.exitCode()).as(init.toString()).isZero();
    UncleanLibrary.copy(existing, home.library());
    return home;
  }

  private SortedMap<String, String> disk(TestHome home) {
    return DiskState.of(tmp, home.dataDir().resolve("logs"));
  }

  /** Where a lenient extractor would put {@code ../library.db} or {@code /abs/library.db}. */
  private List<Path> outsidePaths() {
    return List.of(
        Path.of("/abs"),
        Path.of("").toAbsolutePath().resolveSibling(DATABASE),
        tmp.resolve(DATABASE),
        tmp.resolve("home").resolve(DATABASE),
        tmp.resolve("abs"));
  }

  private static Case damage(String name, Damage damage) {
    return new Case(name, damage);
  }

  private static Case missing(String field) {
    return damage("metadata without " + field, t -> metadata(m -> m.remove(field)));
  }

  private static ArchiveBuilder builder() {
    return ArchiveBuilder.of(source);
  }

  private static byte[] valid() {
    return builder().bytes();
  }

  private static byte[] metadata(Consumer<ObjectNode> change) {
    ArchiveBuilder b = builder();
    change.accept(b.metadata());
    return b.bytes();
  }

  private static byte[] metadataBytes(String json) {
    ArchiveBuilder b = builder();
    return b.entries(Entry.file(METADATA, json.getBytes(StandardCharsets.UTF_8)), b.databaseEntry())
        .bytes();
  }

  private static byte[] entries(Consumer<ArchiveBuilder> change) {
    ArchiveBuilder b = builder();
    change.accept(b);
    return b.bytes();
  }

  /** The tar stream cut {@code -fromEnd} bytes before its end, then gzipped properly. */
  private static byte[] gzipOfTarCut(int fromEnd) {
    byte[] tar = builder().tarBytes();
    return ArchiveBuilder.gzip(cut(tar, tar.length + fromEnd));
  }

  private static byte[] cut(byte[] bytes, int length) {
    return Arrays.copyOf(bytes, length);
  }

  private static byte[] xorAt(byte[] bytes, int at, int mask) {
    byte[] copy = bytes.clone();
    int i = at < 0 ? copy.length + at : at;
    copy[i] ^= (byte) mask;
    return copy;
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String quickCheck(Path db) {
    try (Connection c = LibraryFixture.connect(db, Access.READ_ONLY);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA quick_check")) {
      return r.next() ? r.getString(1) : "no result";
    } catch (SQLException e) {
      return e.getMessage();
    }
  }
}
