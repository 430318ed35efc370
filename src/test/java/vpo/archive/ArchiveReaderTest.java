package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.archive.ArchiveSamples.METADATA;
import static vpo.archive.ArchiveSamples.databaseEntry;
import static vpo.archive.ArchiveSamples.metadataEntry;
import static vpo.archive.ArchiveSamples.sqliteLike;
import static vpo.testing.ArchiveBuilder.concat;
import static vpo.testing.ArchiveBuilder.gzip;
import static vpo.testing.ArchiveBuilder.tar;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vpo.progress.ProgressListener;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ArchiveBuilder.Entry;
import vpo.testing.ChildProcesses;
import vpo.testing.GzipMembers;
import vpo.testing.Sha256;

class ArchiveReaderTest {
  @TempDir Path dir;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  private static final byte[] DATABASE = sqliteLike(100_000, 8);
  private static final String DB = ArchiveLayout.DATABASE_ENTRY;
  private static final String META = ArchiveLayout.METADATA_ENTRY;

  /** A vpo archive in 16 KiB blocks: several members, each with its VP length. */
  private static final byte[] VPO_ARCHIVE = vpoArchive();

  private static byte[] vpoArchive() {
    try {
      Path scratch = Files.createTempDirectory("vpo-reader-test");
      byte[] archive = ArchiveSamples.vpoArchive(scratch, DATABASE, 2, 16 << 10);
      Files.delete(scratch);
      return archive;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ExtractedArchive extract(byte[] archive) throws IOException {
    return new ArchiveReader(2)
        .extract(
            new ByteArrayInputStream(archive), dir.resolve("target.db"), ProgressListener.NONE);
  }

  private void assertExtractsTheDatabase(byte[] archive) throws Exception {
    ExtractedArchive contents = extract(archive);
    assertThat(dir.resolve("target.db")).hasBinaryContent(DATABASE);
    assertThat(contents.metadataJson()).isEqualTo(METADATA);
    assertThat(contents.databaseSize()).isEqualTo(DATABASE.length);
    assertThat(contents.databaseSha256()).isEqualTo(Sha256.of(DATABASE));
    assertThat(new ArchiveReader().readMetadata(new ByteArrayInputStream(archive)))
        .isEqualTo(METADATA);
  }

  // ---- what is accepted ----

  @Test
  void readsVpoArchives() throws Exception {
    assertThat(GzipMembers.of(VPO_ARCHIVE)).hasSizeGreaterThan(4);
    assertExtractsTheDatabase(VPO_ARCHIVE);
  }

  @Test
  void readsPythonVpoArchivesWithTheDatabaseFirst() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    Files.write(source.resolve(DB), DATABASE);
    Files.write(source.resolve(META), METADATA);
    String script =
        """
        import sys, tarfile
        with tarfile.open(sys.argv[1], "w:gz", compresslevel=9) as t:
            t.add("library.db", arcname="library.db")
            t.add("backup_metadata.json", arcname="backup_metadata.json")
        """;
    Path archive = dir.resolve("python.tar.gz");
    assertThat(children.run(60, source, "python3", "-c", script, archive.toString()).exitCode())
        .isZero();

    assertExtractsTheDatabase(Files.readAllBytes(archive));
  }

  @Test
  void readsArchivesMadeWithTarCzf() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    Files.write(source.resolve(DB), DATABASE);
    Files.write(source.resolve(META), METADATA);
    Path archive = dir.resolve("gnu.tar.gz");
    assertThat(
            children
                .run(60, dir, "tar", "czf", archive.toString(), "-C", source.toString(), META, DB)
                .exitCode())
        .isZero();

    assertExtractsTheDatabase(Files.readAllBytes(archive));
  }

  @Test
  void readsASingleGzipMemberOfTheTar() throws Exception {
    assertExtractsTheDatabase(gzip(tar(metadataEntry(), databaseEntry(DATABASE))));
  }

  @Test
  void acceptsZeroPaddingAfterTheTarEnd() throws Exception {
    assertExtractsTheDatabase(concat(VPO_ARCHIVE, gzip(new byte[20480])));
  }

  @Test
  void skipsOtherEntriesAndNeverExtractsThem() throws Exception {
    byte[] archive =
        gzip(
            tar(
                Entry.file("../escaped.txt", "x".getBytes()),
                Entry.file("/tmp/vpo-absolute-" + System.nanoTime(), "x".getBytes()),
                metadataEntry(),
                Entry.symlink("notes", "/etc/passwd"),
                Entry.special("subdir", Entry.DIRECTORY),
                databaseEntry(DATABASE),
                Entry.file("subdir/extra.db", "y".getBytes())));

    assertExtractsTheDatabase(archive);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("target.db"));
    }
    assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
  }

  @Test
  void skipsEntriesWithLongNamesWellWithinTheHeaderLimit() throws Exception {
    for (byte type :
        new byte[] {TarConstants.LF_GNUTYPE_LONGNAME, TarConstants.LF_PAX_EXTENDED_HEADER_LC}) {
      byte[] other = tar(Entry.file("other", new byte[] {1}));
      byte[] rest = tar(metadataEntry(), databaseEntry(DATABASE));
      byte[] archive =
          concat(
              ArchiveBuilder.longName((char) type, 100_000),
              Arrays.copyOf(other, other.length - 1024),
              rest);
      assertExtractsTheDatabase(gzip(archive));
    }
  }

  @Test
  void extractsFromAFileReportingProgressOverItsSize() throws Exception {
    Path archive = Files.write(dir.resolve("a.tar.gz"), VPO_ARCHIVE);
    long[] seen = new long[2];
    ProgressListener progress =
        new ProgressListener() {
          @Override
          public void start(String task, long totalBytes) {
            seen[0] = totalBytes;
          }

          @Override
          public void advance(long bytes) {
            seen[1] += bytes;
          }

          @Override
          public void finish() {}
        };
    new ArchiveReader(1).extract(archive, dir.resolve("target.db"), progress);
    assertThat(seen).containsExactly(VPO_ARCHIVE.length, VPO_ARCHIVE.length);
    assertThat(dir.resolve("target.db")).hasBinaryContent(DATABASE);
  }

  // ---- the head read used for listing ----

  @Test
  void readsMetadataFromTheHeadOnly() throws Exception {
    // Incompressible, so the archive is as large as the database: 3 MB.
    byte[] noise = new byte[3 << 20];
    new java.util.Random(2).nextBytes(noise);
    byte[] archive = ArchiveSamples.vpoArchive(dir, noise, 2, 4 << 20);
    CountingStream counting = new CountingStream(new ByteArrayInputStream(archive));

    assertThat(new ArchiveReader().readMetadata(counting)).isEqualTo(METADATA);
    assertThat(counting.count).isLessThan(128 << 10);

    // The rest of the archive is not even looked at.
    byte[] head = Arrays.copyOf(archive, 64 << 10);
    assertThat(new ArchiveReader().readMetadata(new ByteArrayInputStream(head)))
        .isEqualTo(METADATA);
  }

  @Test
  void headReadRefusesWhatItSees() {
    assertThatThrownBy(() -> readMetadata(gzip(tar(databaseEntry(DATABASE)))))
        .isInstanceOf(ArchiveInvalidException.class)
        .hasMessage("archive has no backup_metadata.json");
    assertThatThrownBy(() -> readMetadata(gzip(tar(Entry.symlink(META, "/etc/x")))))
        .isInstanceOf(ArchiveInvalidException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> readMetadata(new byte[0]))
        .isInstanceOf(ArchiveInvalidException.class)
        .hasMessage("gzip stream is empty");
  }

  private static byte[] readMetadata(byte[] archive) throws IOException {
    return new ArchiveReader().readMetadata(new ByteArrayInputStream(archive));
  }

  // ---- what is refused ----

  static Stream<Arguments> invalidArchives() throws Exception {
    List<GzipMembers.Member> members = GzipMembers.of(VPO_ARCHIVE);
    int secondMemberEnd = members.get(1).start() + members.get(1).length();
    byte[] plainTar = tar(metadataEntry(), databaseEntry(DATABASE));
    int tarDataEnd = 512 + 512 + 512 + (DATABASE.length + 511) / 512 * 512;
    List<Arguments> cases = new ArrayList<>();
    cases.add(damage("empty file", new byte[0], "gzip stream is empty"));
    cases.add(damage("not gzip", "PK\u0003\u0004 a zip".getBytes(), "not a gzip stream"));
    cases.add(damage("uncompressed tar", plainTar, "not a gzip stream"));
    cases.add(damage("cut in first header", cut(VPO_ARCHIVE, 12), "gzip stream truncated"));
    cases.add(damage("cut mid-member", cut(VPO_ARCHIVE, 3000), "gzip stream truncated"));
    cases.add(damage("cut at a member end", cut(VPO_ARCHIVE, secondMemberEnd), "truncated"));
    cases.add(damage("cut in last trailer", cut(VPO_ARCHIVE, VPO_ARCHIVE.length - 1), "trunc"));
    cases.add(damage("trailing garbage", concat(VPO_ARCHIVE, "x".getBytes()), "trailing data"));
    cases.add(damage("trailing zeros", concat(VPO_ARCHIVE, new byte[1024]), "trailing data"));
    cases.add(
        damage(
            "data after tar end",
            concat(VPO_ARCHIVE, gzip("more".getBytes())),
            "data after the tar end-of-archive marker"));
    cases.add(
        damage(
            "no end-of-archive blocks",
            gzip(Arrays.copyOf(plainTar, tarDataEnd)),
            "no end-of-archive marker"));
    cases.add(
        damage(
            "one end-of-archive block",
            gzip(Arrays.copyOf(plainTar, tarDataEnd + 512)),
            "no end-of-archive marker"));
    cases.add(damage("tar header checksum", gzip(touchMtime(plainTar)), "checksum mismatch"));
    cases.add(damage("missing metadata", gzip(tar(databaseEntry(DATABASE))), "has no " + META));
    cases.add(damage("missing database", gzip(tar(metadataEntry())), "has no " + DB));
    cases.add(
        damage(
            "duplicate metadata",
            gzip(tar(metadataEntry(), databaseEntry(DATABASE), metadataEntry())),
            META + " more than once"));
    cases.add(
        damage(
            "duplicate database",
            gzip(tar(databaseEntry(DATABASE), metadataEntry(), databaseEntry(DATABASE))),
            DB + " more than once"));
    cases.add(
        damage(
            "./ look-alike",
            gzip(tar(metadataEntry(), databaseEntry(DATABASE), Entry.file("./" + DB, new byte[1]))),
            "not named exactly 'library.db'"));
    cases.add(
        damage(
            "absolute look-alike",
            gzip(tar(Entry.file("/" + META, METADATA), databaseEntry(DATABASE))),
            "not named exactly 'backup_metadata.json'"));
    cases.add(
        damage(
            "metadata over 1 MiB",
            gzip(tar(Entry.file(META, new byte[(1 << 20) + 1]), databaseEntry(DATABASE))),
            "is 1.0 MB (1,048,577 bytes), more than the 1.0 MB allowed"));
    // commons-compress would hold a long name or pax record in memory whole, however large.
    byte[] other = tar(Entry.file("other", new byte[1]));
    byte[] otherEntry = Arrays.copyOf(other, other.length - 1024);
    for (byte type :
        new byte[] {TarConstants.LF_GNUTYPE_LONGNAME, TarConstants.LF_PAX_EXTENDED_HEADER_LC}) {
      byte[] tooLong =
          ArchiveBuilder.longName((char) type, 2 * ArchiveReader.MAX_ENTRY_HEADER_BYTES);
      cases.add(
          damage(
              "name over the header limit, entry type " + (char) type,
              gzip(concat(tooLong, otherEntry, plainTar)),
              "tar entry headers longer than 1.0 MB"));
    }
    cases.add(damage("CRC flip", flipCrc(VPO_ARCHIVE, members.get(2)), "gzip CRC mismatch"));
    // Streamed members reach tar before their CRC is checked; the gzip damage is still named.
    byte[] streamed = gzip(plainTar);
    streamed[streamed.length / 2] ^= 0x04;
    cases.add(damage("damage in a streamed member", streamed, "gzip"));
    cases.add(damage("bad VP length", badVp(VPO_ARCHIVE), "does not end at its recorded length"));
    for (String name : List.of(META, DB)) {
      Entry real = name.equals(META) ? databaseEntry(DATABASE) : metadataEntry();
      cases.add(
          damage(
              name + " as symlink",
              gzip(tar(real, Entry.symlink(name, "/etc/passwd"))),
              "is a symbolic link, not a regular file"));
      cases.add(
          damage(
              name + " as hard link",
              gzip(tar(real, Entry.hardLink(name, "other"))),
              "is a hard link, not a regular file"));
      cases.add(
          damage(
              name + " as directory",
              gzip(tar(real, Entry.special(name, Entry.DIRECTORY))),
              "is a directory, not a regular file"));
      cases.add(
          damage(
              name + " as fifo",
              gzip(tar(real, Entry.fifo(name))),
              "is a fifo, not a regular file"));
      cases.add(
          damage(
              name + " as device",
              gzip(tar(real, Entry.charDevice(name))),
              "is a character device, not a regular file"));
    }
    return cases.stream();
  }

  private static Arguments damage(String kind, byte[] archive, String message) {
    Supplier<byte[]> bytes =
        new Supplier<>() {
          @Override
          public byte[] get() {
            return archive.clone();
          }

          @Override
          public String toString() {
            return archive.length + " bytes";
          }
        };
    return Arguments.of(kind, bytes, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidArchives")
  void refusesInvalidArchives(String kind, Supplier<byte[]> archive, String message)
      throws Exception {
    assertThatThrownBy(() -> extract(archive.get()))
        .isInstanceOf(ArchiveInvalidException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage()).containsIgnoringCase(message).doesNotContain("\n");
              assertThat(((ArchiveInvalidException) e).hint())
                  .isEqualTo(ArchiveInvalidException.HINT);
            });
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  private static byte[] cut(byte[] archive, int length) {
    return Arrays.copyOf(archive, length);
  }

  /** Changes the first header's mtime without fixing its checksum. */
  private static byte[] touchMtime(byte[] tar) {
    byte[] copy = tar.clone();
    copy[136 + 5] = (byte) (copy[136 + 5] == '1' ? '2' : '1');
    return copy;
  }

  private static byte[] flipCrc(byte[] archive, GzipMembers.Member member) {
    byte[] copy = archive.clone();
    copy[member.start() + member.length() - 8] ^= 0x01;
    return copy;
  }

  private static byte[] badVp(byte[] archive) {
    byte[] copy = archive.clone();
    GzipFormat.putIntLe(copy, 16, GzipFormat.intLe(copy, 16) + 1);
    return copy;
  }

  // ---- failures that are not the archive's fault ----

  @Test
  void aFailingDiskIsAnIoErrorNotADamagedArchive() {
    IOException eio = new IOException("Input/output error");
    InputStream failing =
        new FilterInputStream(new ByteArrayInputStream(VPO_ARCHIVE)) {
          long served;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (served > 5000) {
              throw eio;
            }
            int n = super.read(b, off, Math.min(len, 1000));
            served += Math.max(0, n);
            return n;
          }
        };
    assertThatThrownBy(
            () -> new ArchiveReader(2).extract(failing, dir.resolve("t.db"), ProgressListener.NONE))
        .isSameAs(eio);
  }

  @Test
  void anUnwritableTargetIsAnIoErrorNotADamagedArchive() {
    Path target = dir.resolve("missing-dir/target.db");
    assertThatThrownBy(
            () ->
                new ArchiveReader(2)
                    .extract(new ByteArrayInputStream(VPO_ARCHIVE), target, ProgressListener.NONE))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ArchiveFormatException.class);
  }

  @Test
  void entryNamesInMessagesAreMadeSafe() throws Exception {
    byte[] archive =
        gzip(touchMtime(tar(Entry.file("evil\u001b[2J\nname", new byte[1]), metadataEntry())));
    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(ArchiveInvalidException.class)
        .hasMessage("tar header checksum mismatch at entry 'evil?[2J?name'");
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(0, n);
      return n;
    }
  }
}
