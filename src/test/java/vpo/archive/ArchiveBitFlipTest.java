package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.progress.ProgressListener;
import vpo.testing.ArchiveBuilder;
import vpo.testing.GzipMembers;

/**
 * Flips random bits (fixed seeds, so failures replay) in small archives and checks the reader's
 * promise: it either refuses the archive with {@link ArchiveInvalidException} or returns exactly
 * the original content. Some flips are harmless — a gzip header's MTIME or OS byte, a tar field
 * nobody reads — and those must read back identical. Any other exception type, or a hang, fails.
 */
class ArchiveBitFlipTest {
  @TempDir Path dir;

  private static final byte[] DATABASE = ArchiveSamples.sqliteLike(40_000, 77);

  @Test
  void vpoArchivesSurviveOrRefuseEveryFlip() throws Exception {
    byte[] archive = ArchiveSamples.vpoArchive(dir, DATABASE, 2, 8192);
    assertThat(GzipMembers.of(archive)).hasSizeGreaterThan(3);
    flipAndRead(archive, 200, 1);
  }

  @Test
  void singleMemberArchivesSurviveOrRefuseEveryFlip() throws Exception {
    byte[] archive =
        ArchiveBuilder.gzip(
            ArchiveBuilder.tar(
                ArchiveSamples.databaseEntry(DATABASE), ArchiveSamples.metadataEntry()));
    flipAndRead(archive, 100, 2);
  }

  private void flipAndRead(byte[] archive, int cases, long seed) throws Exception {
    Path target = dir.resolve("target.db");
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          Random random = new Random(seed);
          int refused = 0;
          for (int i = 0; i < cases; i++) {
            byte[] damaged = archive.clone();
            int at = random.nextInt(damaged.length);
            int bit = random.nextInt(8);
            damaged[at] ^= (byte) (1 << bit);
            String where = "flip of bit " + bit + " at byte " + at + " (case " + i + ")";
            try {
              ExtractedArchive contents =
                  new ArchiveReader(2)
                      .extract(new ByteArrayInputStream(damaged), target, ProgressListener.NONE);
              assertThat(contents.metadataJson()).as(where).isEqualTo(ArchiveSamples.METADATA);
              assertThat(Files.readAllBytes(target)).as(where).isEqualTo(DATABASE);
            } catch (ArchiveInvalidException expected) {
              refused++;
            } catch (Throwable other) {
              fail(where + " threw " + other, other);
            }
            // The head read hands out metadata before its member's CRC is checked, so it may
            // return damaged bytes; it must still never fail any other way.
            try {
              new ArchiveReader().readMetadata(new ByteArrayInputStream(damaged));
            } catch (ArchiveInvalidException expected) {
              // fine
            } catch (Throwable other) {
              fail("head read: " + where + " threw " + other, other);
            }
          }
          assertThat(refused).as("most flips are refused").isGreaterThan(cases / 2);
        });
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }
}
