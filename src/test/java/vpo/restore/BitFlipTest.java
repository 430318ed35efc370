package vpo.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.archive.ArchiveWriter;
import vpo.progress.ProgressListener;
import vpo.testing.ArchiveBuilder;
import vpo.testing.DiskState;
import vpo.testing.GzipMembers;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;
import vpo.testing.UncleanLibrary;

/**
 * Single-bit flips anywhere in a small archive, restored over an existing library. Whatever the
 * flip hits, the outcome is one of two: exit 3 with the library byte-for-byte as it was, or exit 0
 * with the library holding exactly what was archived (a flip in a field no reader checks, such as a
 * gzip header's MTIME or OS byte). Nothing in between, and never another exit code.
 *
 * <p>Two archives of the same library: the one {@code vpo library backup} writes, and one from the
 * same writer cut into 4 KiB blocks, whose dozens of members carry the VP length subfield the
 * reader uses to inflate in parallel. For each, the quick run flips every bit of the first two and
 * the last member's header and trailer plus 200 seeded random bits; {@code -Dvpo.longTests=true}
 * flips many more ({@code -Dvpo.flips=N} each, default 5000).
 */
class BitFlipTest {
  private static final long SEED = 20260205L;

  @TempDir static Path shared;
  static Path source;
  static byte[] backup;
  static byte[] manyMembers;
  static LibraryContent archived;
  static Path existing;

  @TempDir Path tmp;

  @BeforeAll
  static void archivesAndLibrary() throws Exception {
    TestHome home = TestHome.withLibrary(shared.resolve("source"), Start.INITIALISED, 3, 5);
    source = home.library();
    archived = LibraryContent.read(source);
    Path file = shared.resolve("small.tar.gz");
    TestHome.Result r = home.run("library", "backup", "-o", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    backup = Files.readAllBytes(file);

    LibraryFixture.selfContained(source);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ArchiveWriter(6, 2, 4096)
        .write(
            out,
            ArchiveBuilder.of(source).metadataJson(),
            source,
            Files.size(source),
            Instant.parse("2026-02-05T14:30:22Z"),
            ProgressListener.NONE);
    manyMembers = out.toByteArray();
    assertThat(GzipMembers.of(manyMembers)).hasSizeGreaterThan(10);

    Files.createDirectories(shared.resolve("existing"));
    existing = LibraryFixture.createV27(shared.resolve("existing").resolve("library.db"));
    LibraryFixture.populate(existing, 2, 77);
    LibraryFixture.selfContained(existing);
    assertThat(LibraryContent.read(existing)).isNotEqualTo(archived);
  }

  @Test
  void backupArchive() throws Exception {
    flipAndRestore(backup, headersTrailersAndRandomBits(backup, 200, SEED));
  }

  @Test
  void archiveOfManyMembers() throws Exception {
    flipAndRestore(manyMembers, headersTrailersAndRandomBits(manyMembers, 200, SEED + 1));
  }

  @Test
  void manyMoreRandomBits() throws Exception {
    assumeTrue(Boolean.getBoolean("vpo.longTests"), "long run: -Dvpo.longTests=true");
    int flips = Integer.getInteger("vpo.flips", 5000);
    for (byte[] archive : List.of(backup, manyMembers)) {
      Random random = new Random(SEED + 2);
      List<Long> bits = new ArrayList<>();
      for (int i = 0; i < flips; i++) {
        bits.add((long) random.nextInt(archive.length * 8));
      }
      flipAndRestore(archive, bits);
    }
  }

  private void flipAndRestore(byte[] archive, List<Long> bits) throws Exception {
    TestHome home = new TestHome(tmp);
    assertThat(home.run("init").exitCode()).isZero();
    Path file = tmp.resolve("flipped.tar.gz");
    UncleanLibrary.copy(existing, home.library());
    byte[] original = Files.readAllBytes(home.library());
    List<String> libraryDir = DiskState.names(home.dataDir());
    TreeMap<Integer, Integer> outcomes = new TreeMap<>();
    for (long bit : bits) {
      byte[] flipped = archive.clone();
      flipped[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      Files.write(file, flipped);
      UncleanLibrary.copy(existing, home.library());

      TestHome.Result r =
          home.run("library", "restore", file.toString(), "--yes", "--no-safety-backup");

      String where = "bit " + bit + " (byte " + bit / 8 + " of " + archive.length + ")\n" + r;
      outcomes.merge(r.exitCode(), 1, Integer::sum);
      switch (r.exitCode()) {
        case 3 -> {
          assertThat(Files.readAllBytes(home.library())).as(where).isEqualTo(original);
          assertThat(r.err().lines().filter(l -> l.startsWith("Error: "))).as(where).hasSize(1);
        }
        case 0 -> assertThat(LibraryContent.read(home.library())).as(where).isEqualTo(archived);
        default -> fail("neither refused (3) nor restored (0): " + where);
      }
      assertThat(DiskState.names(home.dataDir())).as(where).isEqualTo(libraryDir);
      assertThat(DiskState.names(home.backups())).as(where).isEmpty();
    }
    assertThat(outcomes).as("outcomes by exit code").containsKey(3);
  }

  /**
   * Every bit of the header (with its extra field) and trailer of the first two members and the
   * last, then {@code randomBits} more, distinct, drawn from {@code seed}.
   */
  private static List<Long> headersTrailersAndRandomBits(byte[] gz, int randomBits, long seed) {
    Set<Long> bits = new LinkedHashSet<>();
    List<GzipMembers.Member> members = GzipMembers.of(gz);
    for (int m = 0; m < members.size(); m++) {
      if (m > 1 && m < members.size() - 1) {
        continue;
      }
      int start = members.get(m).start();
      int end = start + members.get(m).length();
      for (long b = 8L * start; b < 8L * (start + members.get(m).headerLength()); b++) {
        bits.add(b);
      }
      for (long b = 8L * (end - 8); b < 8L * end; b++) {
        bits.add(b);
      }
    }
    Random random = new Random(seed);
    int added = 0;
    while (added < randomBits) {
      if (bits.add((long) random.nextInt(gz.length * 8))) {
        added++;
      }
    }
    return new ArrayList<>(bits);
  }
}
