package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.archive.ArchiveSamples.sqliteLike;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vpo.testing.ChildProcesses;
import vpo.testing.GzipMembers;
import vpo.testing.Sha256;

class ParallelGzipOutputStreamTest {
  @TempDir Path dir;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  private static byte[] compress(byte[] data, int level, int threads, int blockSize)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gzip =
        new ParallelGzipOutputStream(out, level, threads, blockSize)) {
      // Uneven writes, so blocks fill across write calls.
      int at = 0;
      int step = 1;
      while (at < data.length) {
        int n = Math.min(step, data.length - at);
        gzip.write(data, at, n);
        at += n;
        step = step * 3 + 1;
      }
    }
    return out.toByteArray();
  }

  private static byte[] gunzipJdk(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1000, 0",
    "1, 1000, 1",
    "1, 1000, 2999",
    "2, 1000, 3000",
    "2, 1000, 3001",
    "3, 4096, 200000",
    "4, 65536, 300000",
    "2, 4194304, 300000",
  })
  void roundTripsAndRecordsEachMemberLength(int threads, int blockSize, int size) throws Exception {
    byte[] data = sqliteLike(size, size);
    byte[] gz = compress(data, 6, threads, blockSize);

    assertThat(gunzipJdk(gz)).isEqualTo(data);
    List<GzipMembers.Member> members = GzipMembers.of(gz);
    assertThat(members).hasSize(Math.max(1, (size + blockSize - 1) / blockSize));
    for (GzipMembers.Member member : members) {
      assertThat(member.recordedLength()).isEqualTo(member.length());
      assertThat(member.headerLength()).isEqualTo(20);
    }
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @Test
  void commonsCompressReadsTheMembersAsOneStream() throws Exception {
    byte[] data = sqliteLike(100_000, 7);
    byte[] gz = compress(data, 6, 2, 8192);
    try (GzipCompressorInputStream in =
        new GzipCompressorInputStream(new ByteArrayInputStream(gz), true)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 150_000})
  void gzipCommandAcceptsTheOutput(int size) throws Exception {
    byte[] data = sqliteLike(size, 3);
    Path gz = Files.write(dir.resolve("out.gz"), compress(data, 9, 2, 16384));

    assertThat(children.run(60, dir, "gzip", "-t", gz.toString()).exitCode()).isZero();
    ChildProcesses.Output unzipped =
        children.run(60, dir, "sh", "-c", "gzip -dc out.gz | sha256sum");
    assertThat(unzipped.out()).startsWith(Sha256.of(data));
  }

  @Test
  void emptyInputIsOneEmptyMember() throws Exception {
    byte[] gz = compress(new byte[0], 6, 2, 1000);
    assertThat(GzipMembers.of(gz)).hasSize(1);
    assertThat(gunzipJdk(gz)).isEmpty();
  }

  @Test
  void compressesLikeGzipAtTheSameLevel() throws Exception {
    byte[] data = sqliteLike(2 << 20, 11);
    Path raw = Files.write(dir.resolve("data"), data);
    byte[] ours = compress(data, 6, 2, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
    long theirs =
        Long.parseLong(
            children.run(60, dir, "sh", "-c", "gzip -6 -c " + raw + " | wc -c").out().trim());

    assertThat((double) ours.length).isBetween(theirs * 0.99, theirs * 1.01);
  }

  @Test
  void finishLeavesTheSinkOpenAndCloseClosesIt() throws Exception {
    ClosingAwareSink sink = new ClosingAwareSink();
    ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, 2, 1000);
    gzip.write(sqliteLike(5000, 1));
    gzip.finish();
    assertThat(sink.closed).isFalse();
    assertThat(gunzipJdk(sink.toByteArray())).hasSize(5000);
    assertThatThrownBy(() -> gzip.write(1)).isInstanceOf(IOException.class);

    gzip.close();
    assertThat(sink.closed).isTrue();
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @Test
  void abortWritesNothingMoreAndStopsTheThreads() throws Exception {
    ClosingAwareSink sink = new ClosingAwareSink();
    ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, 3, 1000);
    gzip.write(sqliteLike(2500, 1));
    int before = sink.size();
    gzip.abort();

    assertThat(sink.size()).isEqualTo(before);
    assertThat(sink.closed).isFalse();
    assertThatThrownBy(() -> gzip.write(1)).isInstanceOf(IOException.class);
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void aFullDiskSurfacesAsItsOwnExceptionAndStopsTheThreads(int threads) throws Exception {
    IOException noSpace = new IOException("No space left on device");
    OutputStream sink =
        new OutputStream() {
          long written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > 3000) {
              throw noSpace;
            }
            written += len;
          }
        };
    byte[] data = sqliteLike(400_000, 5);
    ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, threads, 4096);

    assertThatThrownBy(
            () -> {
              gzip.write(data);
              gzip.close();
            })
        .isSameAs(noSpace);
    assertThat(WorkerThreads.stillAlive()).isEmpty();
    assertThatThrownBy(() -> gzip.write(data)).isInstanceOf(IOException.class);
    gzip.close();
  }

  @Test
  void aFailureWhileClosingStillClosesTheSink() throws Exception {
    IOException noSpace = new IOException("No space left on device");
    ClosingAwareSink sink = new ClosingAwareSink();
    sink.failure = noSpace;
    ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(sink, 6, 2, 1000);
    gzip.write(new byte[10]);
    assertThatThrownBy(gzip::close).isSameAs(noSpace);
    assertThat(sink.closed).isTrue();
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @Test
  void refusesImpossibleSettings() {
    OutputStream sink = OutputStream.nullOutputStream();
    assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 6, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 6, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 6, 1, (32 << 20) + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blocksInFlightAreTwiceTheWorkersWithinTheBudget() {
    int block = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
    assertThat(ParallelGzipOutputStream.maxInFlight(2, block)).isEqualTo(4);
    assertThat(ParallelGzipOutputStream.maxInFlight(5, block)).isEqualTo(10);
    long perBlock = block + (long) GzipMemberEncoder.maxMemberLength(block);
    for (int threads : new int[] {6, 16, 64, 256}) {
      assertThat(ParallelGzipOutputStream.maxInFlight(threads, block) * perBlock)
          .as("%d threads", threads)
          .isLessThanOrEqualTo(ParallelGzipOutputStream.BLOCK_BUDGET);
    }
    int largest = ParallelGzipOutputStream.MAX_BLOCK_SIZE;
    assertThat(ParallelGzipOutputStream.maxInFlight(8, largest))
        .as("never fewer than two")
        .isEqualTo(2);
  }

  @Test
  void incompressibleBlocksStillFitTheirMember() throws Exception {
    byte[] noise = new byte[300_000];
    new java.util.Random(1).nextBytes(noise);
    byte[] gz = compress(noise, 9, 2, 100_000);
    assertThat(gunzipJdk(gz)).isEqualTo(noise);
    assertThat(GzipMembers.of(gz))
        .allSatisfy(member -> assertThat(member.recordedLength()).isEqualTo(member.length()));
  }

  @Test
  void identicalInputGivesIdenticalBytes() throws Exception {
    byte[] data = sqliteLike(50_000, 9);
    assertThat(Arrays.equals(compress(data, 6, 1, 8192), compress(data, 6, 3, 8192))).isTrue();
  }

  /** Collects what is written, remembers being closed, and can fail every write. */
  private static final class ClosingAwareSink extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IOException failure;
    boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (failure != null) {
        throw failure;
      }
      bytes.write(b, off, len);
    }

    int size() {
      return bytes.size();
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
