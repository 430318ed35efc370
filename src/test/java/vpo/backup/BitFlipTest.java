package vpo.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.UncleanLibrary;

/**
 * Single-bit flips anywhere in a small archive written by {@code vpo library backup}, restored over
 * an existing library. Whatever the flip hits, the outcome is one of two: exit 3 with the library
 * byte-for-byte as it was, or exit 0 with the library holding exactly what was backed up (a flip in
 * a field no reader checks, such as the gzip header's MTIME or OS byte). Nothing in between, and
 * never another exit code.
 *
 * <p>The quick run covers every bit of the first gzip header and of the last trailer, plus 200
 * seeded random bits. {@code -Dvpo.longTests=true} runs many more ({@code -Dvpo.flips=N}, default
 * 5000).
 */
class BitFlipTest {
  private static final long SEED = 20260205L;

  @TempDir static Path shared;
  static byte[] archive;
  static LibraryContent archived;
  static Path existing;

  @TempDir Path tmp;

  @BeforeAll
  static void archiveAndLibrary() throws Exception {
    TestHome source = new TestHome(shared.resolve("source"));
    assertThat(source.run("init").exitCode()).isZero();
    Files.delete(source.library());
    LibraryFixture.createV27(source.library());
    LibraryFixture.populate(source.library(), 3, 5);
    archived = LibraryContent.read(source.library());
    Path file = shared.resolve("small.tar.gz");
    TestHome.Result r = source.run("library", "backup", "-o", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    archive = Files.readAllBytes(file);

    Files.createDirectories(shared.resolve("existing"));
    existing = LibraryFixture.createV27(shared.resolve("existing").resolve("library.db"));
    LibraryFixture.populate(existing, 2, 77);
    ArchiveBuilder.selfContained(existing);
    assertThat(LibraryContent.read(existing)).isNotEqualTo(archived);
  }

  @Test
  void everyHeaderAndTrailerBitAndTwoHundredRandomBits() throws Exception {
    Set<Long> bits = new LinkedHashSet<>();
    for (long b = 0; b < 8L * headerLength(archive); b++) {
      bits.add(b);
    }
    for (long b = 8L * (archive.length - 8); b < 8L * archive.length; b++) {
      bits.add(b);
    }
    Random random = new Random(SEED);
    int randomBits = 0;
    while (randomBits < 200) {
      if (bits.add((long) random.nextInt(archive.length * 8))) {
        randomBits++;
      }
    }
    flipAndRestore(new ArrayList<>(bits));
  }

  @Test
  void manyMoreRandomBits() throws Exception {
    assumeTrue(Boolean.getBoolean("vpo.longTests"), "long run: -Dvpo.longTests=true");
    int flips = Integer.getInteger("vpo.flips", 5000);
    Random random = new Random(SEED + 1);
    List<Long> bits = new ArrayList<>();
    for (int i = 0; i < flips; i++) {
      bits.add((long) random.nextInt(archive.length * 8));
    }
    flipAndRestore(bits);
  }

  private void flipAndRestore(List<Long> bits) throws Exception {
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
   * Length of the first gzip member's header: 10 bytes, plus the extra field when FEXTRA is set.
   */
  private static int headerLength(byte[] gz) {
    int length = 10;
    if ((gz[3] & 0x04) != 0) {
      length += 2 + ((gz[10] & 0xff) | (gz[11] & 0xff) << 8);
    }
    return length;
  }
}
