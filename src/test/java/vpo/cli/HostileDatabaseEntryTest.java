package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertJsonError;
import static vpo.testing.CliAssertions.assertTextError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.fs.ByteSizes;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ArchiveBuilder.Entry;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * An archive whose metadata honestly declares a huge database: a run of zeros (which compresses to
 * almost nothing) is refused at its first bytes, before anything close to its size is written; a
 * database with SQLite's header that would not fit on the disk is refused before a byte of it is
 * written, with the sizes as people read them.
 */
class HostileDatabaseEntryTest {
  private static final int BLOCK = 4 << 20;
  private static final long GIB = 1L << 30;

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private Path mounted;

  @AfterEach
  void unmount() {
    children.close();
    if (mounted != null) {
      children.run(60, List.of("umount", mounted.toString()));
    }
  }

  @Test
  void aGibibyteOfZerosIsRefusedAtItsFirstBytes() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 4, 1);
    String before = state(home);
    ZerosArchive archive = new ZerosArchive(GIB);
    home.stdin(archive);

    TestHome.Result r = home.run("library", "restore", "-", "--yes");

    assertTextError(r, 3, "not a SQLite database");
    // The zeros come in 4 MiB members. Past the refusal vpo reads on at most one of its own
    // blocks (32 MiB) looking for gzip damage that would explain it, never the whole gibibyte;
    // and none of it is written anywhere.
    assertThat(archive.blocksRead()).as("4 MiB blocks read").isLessThanOrEqualTo(16);
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
    assertThat(state(home)).isEqualTo(before);
  }

  @Test
  void onASmallDiskTheZerosNeverFillIt() throws Exception {
    mounted = tmp.resolve("small");
    Files.createDirectories(mounted);
    ChildProcesses.Output mount =
        children.run(
            60, List.of("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mounted.toString()));
    if (mount.exitCode() != 0) {
      mounted = null;
      Assumptions.abort("cannot mount a small tmpfs here: " + mount.err().strip());
    }
    TestHome home = new TestHome(tmp);
    Path archive = tmp.resolve("zeros.tar.gz");
    try (InputStream in = new ZerosArchive(GIB);
        OutputStream out = Files.newOutputStream(archive)) {
      in.transferTo(out);
    }
    assertThat(Files.size(archive)).isLessThan(GIB / 100);
    Path library = mounted.resolve("library.db");

    TestHome.Result r =
        home.run("--db", library.toString(), "library", "restore", archive.toString(), "--yes");

    // Not 5: neither a free-space refusal (the size was never trusted) nor a full disk.
    assertTextError(r, 3, "not a SQLite database");
    assertThat(DiskState.paths(mounted)).isEmpty();
    assertThat(mounted.getFileSystem().provider().getFileStore(mounted).getUsableSpace())
        .isGreaterThan(7L << 20);
  }

  @Test
  void aDatabaseLargerThanTheFreeSpaceIsRefusedBeforeWritingWithHumanSizes() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 4, 1);
    String before = state(home);
    // A real SQLite header, a declared size of 1 TiB (a pax record), and then the stream ends
    // after 64 KiB: written first and checked after, it would be refused as truncated (3), not 5.
    long declared = 1L << 40;
    assertThat(tmp.getFileSystem().provider().getFileStore(tmp).getUsableSpace())
        .isLessThan(declared);
    Path sample = LibraryFixture.createV27(tmp.resolve("sample.db"));
    byte[] head = Arrays.copyOf(Files.readAllBytes(sample), 64 << 10);
    Path archive = ArchiveBuilder.write(tmp.resolve("huge.tar.gz"), declaring(declared, head));

    TestHome.Result r = home.run("library", "restore", archive.toString(), "--yes");

    assertTextError(r, 5, home.dataDir().toString());
    Matcher m =
        Pattern.compile("need ([\\d.]+ [KMGT]B), ([\\d.]+ [KMGT]?B) available").matcher(r.err());
    assertThat(m.find()).as(r.err()).isTrue();
    assertThat(m.group(1)).isEqualTo(ByteSizes.human(declared + (1 << 20)));
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
    assertThat(state(home)).isEqualTo(before);

    JsonNode error =
        assertJsonError(
            home.run("library", "restore", archive.toString(), "--yes", "--json"),
            5,
            "insufficient_space");
    assertThat(error.get("needed_bytes").longValue()).isGreaterThan(declared);
    assertThat(error.get("available_bytes").longValue()).isLessThan(declared);
    assertThat(state(home)).isEqualTo(before);
  }

  /** Everything in the home but the log. */
  private static String state(TestHome home) {
    return DiskState.of(home.home(), home.logFile().getParent()).toString();
  }

  // --- archives

  /**
   * The metadata entry, then a {@code library.db} entry declaring {@code declared} bytes (in a pax
   * record) whose content is only {@code content}: the stream ends there.
   */
  private static byte[] declaring(long declared, byte[] content) {
    ObjectNode m = ArchiveBuilder.ofBytes(new byte[0]).metadata();
    m.put("database_size_bytes", declared);
    m.remove("database_sha256");
    byte[] json = m.toString().getBytes(StandardCharsets.UTF_8);
    String tail = " size=" + declared + "\n";
    int length = tail.length() + 2;
    length = tail.length() + String.valueOf(length).length();
    byte[] pax = (length + tail).getBytes(StandardCharsets.US_ASCII);
    return ArchiveBuilder.gzip(
        ArchiveBuilder.concat(
            ArchiveBuilder.header(Entry.file(ArchiveBuilder.METADATA, json), json.length),
            json,
            new byte[ArchiveBuilder.padding(json.length)],
            ArchiveBuilder.header(new Entry("PaxHeader", Entry.PAX_HEADER, pax, ""), pax.length),
            pax,
            new byte[ArchiveBuilder.padding(pax.length)],
            ArchiveBuilder.header(Entry.file(ArchiveBuilder.DATABASE, content), 0),
            content));
  }

  /**
   * An archive whose database entry is {@code size} zero bytes, with metadata that declares that
   * size and its SHA-256 truthfully, generated as it is read: the head, then one gzip member per 4
   * MiB of zeros (the same few KiB each time), then the end of the tar stream. Counts the blocks of
   * zeros read from it.
   */
  private static final class ZerosArchive extends InputStream {
    private final InputStream in;
    private final int headLength;
    private final int blockLength;
    private long read;

    ZerosArchive(long size) throws Exception {
      byte[] zeros = new byte[BLOCK];
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (long done = 0; done < size; done += BLOCK) {
        sha.update(zeros);
      }
      ObjectNode m = ArchiveBuilder.ofBytes(new byte[0]).metadata();
      m.put("database_size_bytes", size);
      m.put("database_sha256", HexFormat.of().formatHex(sha.digest()));
      byte[] json = m.toString().getBytes(StandardCharsets.UTF_8);
      byte[] head =
          ArchiveBuilder.gzip(
              ArchiveBuilder.concat(
                  ArchiveBuilder.header(Entry.file(ArchiveBuilder.METADATA, json), json.length),
                  json,
                  new byte[ArchiveBuilder.padding(json.length)],
                  ArchiveBuilder.header(Entry.file(ArchiveBuilder.DATABASE, new byte[0]), size)));
      byte[] block = ArchiveBuilder.gzip(zeros);
      byte[] end = ArchiveBuilder.gzip(new byte[1024]);
      long blocks = size / BLOCK;
      headLength = head.length;
      blockLength = block.length;
      in =
          new SequenceInputStream(
              new Enumeration<InputStream>() {
                private long next = -1;

                @Override
                public boolean hasMoreElements() {
                  return next <= blocks;
                }

                @Override
                public InputStream nextElement() {
                  if (next > blocks) {
                    throw new NoSuchElementException();
                  }
                  long i = next++;
                  if (i < 0) {
                    return new ByteArrayInputStream(head);
                  }
                  if (i == blocks) {
                    return new ByteArrayInputStream(end);
                  }
                  return new ByteArrayInputStream(block);
                }
              });
    }

    /** The blocks of zeros read so far (those begun count whole). */
    long blocksRead() {
      return read <= headLength ? 0 : (read - headLength + blockLength - 1) / blockLength;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      read += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      read += Math.max(0, n);
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
