package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.archive.ArchiveSamples.CREATED_AT;
import static vpo.archive.ArchiveSamples.METADATA;
import static vpo.archive.ArchiveSamples.sqliteLike;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.progress.ProgressListener;
import vpo.testing.ChildProcesses;
import vpo.testing.GzipMembers;
import vpo.testing.Sha256;

class ArchiveWriterTest {
  @TempDir Path dir;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  private static final byte[] DATABASE = sqliteLike(300_000, 42);

  private Path writeArchive(int threads, int blockSize) throws IOException {
    Path archive = dir.resolve("vpo-library-2026-02-05T14-30-22Z.tar.gz");
    Files.write(archive, ArchiveSamples.vpoArchive(dir, DATABASE, threads, blockSize));
    return archive;
  }

  @Test
  void gzipAndTarCommandsReadTheArchive() throws Exception {
    Path archive = writeArchive(2, 64 << 10);

    assertThat(children.run(60, dir, "gzip", "-t", archive.toString()).exitCode()).isZero();
    ChildProcesses.Output listing = children.run(60, dir, "tar", "tvzf", archive.toString());
    assertThat(listing.exitCode()).isZero();
    String[] lines = listing.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("-rw------- 0/0").endsWith(" backup_metadata.json");
    assertThat(lines[1]).startsWith("-rw------- 0/0").endsWith(" library.db");

    Files.createDirectory(dir.resolve("out"));
    assertThat(children.run(60, dir, "tar", "xzf", archive.toString(), "-C", "out").exitCode())
        .isZero();
    assertThat(dir.resolve("out/library.db")).hasBinaryContent(DATABASE);
    assertThat(dir.resolve("out/backup_metadata.json")).hasBinaryContent(METADATA);
  }

  @Test
  void pythonTarfileReadsTheArchiveAsThePythonVpoWould() throws Exception {
    Path archive = writeArchive(3, 32 << 10);
    String script =
        """
        import hashlib, json, sys, tarfile
        out = []
        with tarfile.open(sys.argv[1], "r:gz") as t:
            for m in t.getmembers():
                f = t.extractfile(m)
                data = f.read() if f else b""
                out.append(dict(name=m.name, type=m.type.decode(), mode=m.mode, uid=m.uid,
                    gid=m.gid, uname=m.uname, gname=m.gname, mtime=m.mtime, size=m.size,
                    sha=hashlib.sha256(data).hexdigest(), pax=m.pax_headers))
        print(json.dumps(out))
        """;
    ChildProcesses.Output python =
        children.run(60, dir, "python3", "-c", script, archive.toString());
    assertThat(python.exitCode()).as(python.err()).isZero();

    JsonNode members = new ObjectMapper().readTree(python.out());
    assertThat(members).hasSize(2);
    assertEntry(members.get(0), "backup_metadata.json", METADATA);
    assertEntry(members.get(1), "library.db", DATABASE);
  }

  private static void assertEntry(JsonNode member, String name, byte[] content) throws Exception {
    assertThat(member.get("name").asText()).isEqualTo(name);
    assertThat(member.get("type").asText()).isEqualTo("0");
    assertThat(member.get("mode").asInt()).isEqualTo(0600);
    assertThat(member.get("uid").asInt()).isZero();
    assertThat(member.get("gid").asInt()).isZero();
    assertThat(member.get("uname").asText()).isEmpty();
    assertThat(member.get("gname").asText()).isEmpty();
    assertThat(member.get("mtime").asLong()).isEqualTo(CREATED_AT.getEpochSecond());
    assertThat(member.get("size").asLong()).isEqualTo(content.length);
    assertThat(member.get("sha").asText()).isEqualTo(Sha256.of(content));
    assertThat(member.get("pax")).isEmpty();
  }

  @Test
  void commonsCompressReadsTheArchiveWhenToldToReadAllMembers() throws Exception {
    Path archive = writeArchive(2, 16 << 10);
    List<String> names = new ArrayList<>();
    try (InputStream gz =
            new GzipCompressorInputStream(Files.newInputStream(archive), /* concatenated */ true);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        names.add(entry.getName());
        byte[] content = tar.readAllBytes();
        assertThat(content).isEqualTo(names.size() == 1 ? METADATA : DATABASE);
        assertThat(entry.isFile()).isTrue();
        assertThat(entry.isCheckSumOK()).isTrue();
      }
    }
    assertThat(names).containsExactly("backup_metadata.json", "library.db");
  }

  @Test
  void headersAreUstarWithoutExtensions() throws Exception {
    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(writeArchive(1, 1 << 20)))) {
      tar = in.readAllBytes();
    }
    int second = 512 + (METADATA.length + 511) / 512 * 512;
    for (int header : new int[] {0, second}) {
      assertThat(tar[header + 156]).as("typeflag").isEqualTo((byte) '0');
      assertThat(new String(tar, header + 257, 8, StandardCharsets.US_ASCII))
          .isEqualTo("ustar\u000000");
      assertThat(new String(tar, header + 100, 7, StandardCharsets.US_ASCII)).isEqualTo("0000600");
    }
    int end = second + 512 + (DATABASE.length + 511) / 512 * 512;
    for (int i = end; i < tar.length; i++) {
      assertThat(tar[i]).isZero();
    }
    assertThat(tar.length - end).isGreaterThanOrEqualTo(1024);
  }

  @Test
  void eachMemberRecordsItsRealLength() throws Exception {
    byte[] archive = Files.readAllBytes(writeArchive(2, 16 << 10));
    List<GzipMembers.Member> members = GzipMembers.of(archive);
    assertThat(members).hasSizeGreaterThan(10);
    assertThat(members)
        .allSatisfy(member -> assertThat(member.recordedLength()).isEqualTo(member.length()));
  }

  @Test
  void theMetadataIsTheWholeFirstMemberStoredUncompressed() throws Exception {
    byte[] archive = Files.readAllBytes(writeArchive(2, 16 << 10));
    GzipMembers.Member head = GzipMembers.of(archive).get(0);

    assertThat(head.length()).isEqualTo(ArchiveWriter.headLength(METADATA.length));
    // One final stored block (BFINAL 1, BTYPE 00) right after the header: listing and the length
    // computed in advance both depend on it.
    assertThat(archive[head.headerLength()] & 0x07).isEqualTo(1);
    byte[] tar = gunzip(java.util.Arrays.copyOf(archive, head.length()));
    assertThat(tar).hasSize(512 + (METADATA.length + 511) / 512 * 512);
    assertThat(new String(tar, 0, 20, StandardCharsets.US_ASCII))
        .startsWith("backup_metadata.json");
    assertThat(java.util.Arrays.copyOfRange(tar, 512, 512 + METADATA.length)).isEqualTo(METADATA);
  }

  @Test
  void theHeadsLengthDependsOnlyOnTheMetadatasLength() throws Exception {
    // Sizes around the tar record (512) and the stored block limit (65,535), up to the 1 MiB cap.
    int[] sizes = {1, 511, 512, 513, 65_023, 65_024, 65_535, 65_536, 200_000, 1 << 20};
    for (int size : sizes) {
      byte[] metadata = new byte[size];
      new java.util.Random(size).nextBytes(metadata);
      byte[] head = ArchiveWriter.head(metadata, CREATED_AT);

      assertThat(head).as("metadata of %d bytes", size).hasSize(ArchiveWriter.headLength(size));
      assertThat(GzipMembers.of(head))
          .singleElement()
          .satisfies(m -> assertThat(m.recordedLength()).isEqualTo(head.length));
      byte[] tar = gunzip(head);
      assertThat(java.util.Arrays.copyOfRange(tar, 512, 512 + size)).isEqualTo(metadata);
      assertThat(tar).hasSize(512 + (size + 511) / 512 * 512);
    }
    assertThatThrownBy(() -> ArchiveWriter.head(new byte[(1 << 20) + 1], CREATED_AT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHeadWrittenAfterTheBodyMakesTheSameArchive() throws Exception {
    Path database = dir.resolve("db");
    Files.write(database, DATABASE);
    ArchiveWriter writer = new ArchiveWriter(6, 2, 16 << 10);
    ByteArrayOutputStream inOrder = new ByteArrayOutputStream();
    writer.write(inOrder, METADATA, database, DATABASE.length, CREATED_AT, ProgressListener.NONE);

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
    writer.writeBody(body, database, DATABASE.length, CREATED_AT, ProgressListener.NONE, digest);
    ByteArrayOutputStream assembled = new ByteArrayOutputStream();
    assembled.write(ArchiveWriter.head(METADATA, CREATED_AT));
    body.writeTo(assembled);

    assertThat(assembled.toByteArray()).isEqualTo(inOrder.toByteArray());
    assertThat(java.util.HexFormat.of().formatHex(digest.digest())).isEqualTo(Sha256.of(DATABASE));
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void roundTripsThroughTheReader() throws Exception {
    Path archive = writeArchive(2, 16 << 10);
    Path target = dir.resolve("restored.db");

    ExtractedArchive contents =
        new ArchiveReader(2).extract(archive, target, ProgressListener.NONE);

    assertThat(target).hasBinaryContent(DATABASE);
    assertThat(contents.metadataJson()).isEqualTo(METADATA);
    assertThat(contents.databaseSize()).isEqualTo(DATABASE.length);
    assertThat(contents.databaseSha256()).isEqualTo(Sha256.of(DATABASE));
  }

  @Test
  void outputDoesNotDependOnTheNumberOfThreads() throws Exception {
    byte[] one = ArchiveSamples.vpoArchive(dir, DATABASE, 1, 16 << 10);
    byte[] four = ArchiveSamples.vpoArchive(dir, DATABASE, 4, 16 << 10);
    assertThat(one).isEqualTo(four);
  }

  @Test
  void reportsDatabaseBytesAndLeavesTheCallersStreamOpen() throws Exception {
    Path db = Files.write(dir.resolve("snapshot.db"), DATABASE);
    RecordingProgress progress = new RecordingProgress();
    TrackingStream out = new TrackingStream();

    new ArchiveWriter(6, 2).write(out, METADATA, db, DATABASE.length, CREATED_AT, progress);

    assertThat(progress.total).isEqualTo(DATABASE.length);
    assertThat(progress.advanced).isEqualTo(DATABASE.length);
    assertThat(progress.finished).isTrue();
    assertThat(out.closed).isFalse();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(in.readAllBytes().length % 512).isZero();
    }
  }

  @Test
  void refusesADatabaseShorterThanDeclared() throws Exception {
    Path db = Files.write(dir.resolve("snapshot.db"), DATABASE);
    TrackingStream out = new TrackingStream();
    RecordingProgress progress = new RecordingProgress();

    assertThatThrownBy(
            () ->
                new ArchiveWriter(6, 2)
                    .write(out, METADATA, db, DATABASE.length + 1, CREATED_AT, progress))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("changed while being archived");
    assertThat(out.closed).isFalse();
    assertThat(progress.finished).isTrue();
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @Test
  void refusesADatabaseLongerThanDeclared() throws Exception {
    Path db = Files.write(dir.resolve("snapshot.db"), DATABASE);
    assertThatThrownBy(
            () ->
                new ArchiveWriter(6, 2)
                    .write(
                        new TrackingStream(),
                        METADATA,
                        db,
                        DATABASE.length - 1,
                        CREATED_AT,
                        ProgressListener.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("longer than");
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @Test
  void refusesImpossibleSettingsUpFront() {
    assertThatThrownBy(() -> new ArchiveWriter(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArchiveWriter(6, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static final class RecordingProgress implements ProgressListener {
    long total = -2;
    long advanced;
    boolean finished;

    @Override
    public void start(String task, long totalBytes) {
      total = totalBytes;
    }

    @Override
    public void advance(long bytes) {
      advanced += bytes;
    }

    @Override
    public void finish() {
      finished = true;
    }
  }

  private static final class TrackingStream extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
