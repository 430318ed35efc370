package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vpo.archive.ArchiveSamples.sqliteLike;
import static vpo.testing.ArchiveBuilder.concat;
import static vpo.testing.ArchiveBuilder.gzip;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vpo.testing.GzipMembers;
import vpo.testing.MaximalMembers;

class StrictGzipInputStreamTest {
  @TempDir Path dir;

  private static final byte[] DATA = sqliteLike(60_000, 21);

  /** 60 KB in 8 KiB blocks: eight members carrying VP. */
  private static final byte[] VPO_GZIP = vpoGzip(DATA, 8192);

  private static byte[] vpoGzip(byte[] data, int blockSize) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, 2, blockSize)) {
        gz.write(data);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Both ways of reading: sequential streaming, and parallel with two workers. */
  private static byte[] read(byte[] gz, boolean parallel) throws IOException {
    InputStream raw = new ByteArrayInputStream(gz);
    try (StrictGzipInputStream in =
        parallel ? StrictGzipInputStream.openParallel(raw, 2) : StrictGzipInputStream.open(raw)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsVpoMembers(boolean parallel) throws Exception {
    assertThat(GzipMembers.of(VPO_GZIP)).hasSizeGreaterThan(5);
    assertThat(read(VPO_GZIP, parallel)).isEqualTo(DATA);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsOtherWritersMembersAndMixtures(boolean parallel) throws Exception {
    byte[] a = sqliteLike(20_000, 1);
    byte[] b = sqliteLike(30_000, 2);
    assertThat(read(gzip(a), parallel)).isEqualTo(a);
    assertThat(read(concat(gzip(a), gzip(b)), parallel)).isEqualTo(concat(a, b));
    assertThat(read(concat(vpoGzip(a, 4096), gzip(b), vpoGzip(a, 5000)), parallel))
        .isEqualTo(concat(a, b, a));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsEveryOptionalHeaderField(boolean parallel) throws Exception {
    byte[] data = sqliteLike(10_000, 4);
    byte[] member =
        member(
            data,
            Header.FLAGS_ALL,
            new byte[] {'A', 'B', 2, 0, 7, 7, 'V', 'P', 4, 0, 0, 0, 0, 0},
            true);
    // Patch the VP value to the member's real length: a vpo member with every optional field.
    int vpAt = 10 + 2 + 6 + 4;
    GzipFormat.putIntLe(member, vpAt, member.length);
    member = withHeaderCrc(member);
    assertThat(read(member, parallel)).isEqualTo(data);
  }

  @Test
  void readingAfterTheEndKeepsReturningEndOfStream() throws Exception {
    try (StrictGzipInputStream in =
        StrictGzipInputStream.openParallel(new ByteArrayInputStream(VPO_GZIP), 3)) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.read(new byte[10])).isEqualTo(-1);
    }
  }

  /** Each kind of damage, the message that names it, and whether parallel reading sees it too. */
  static Stream<Arguments> damage() throws IOException {
    int firstMemberLength = GzipMembers.of(VPO_GZIP).get(0).length();
    byte[] foreign = gzip(DATA.clone());
    return Stream.of(
        Arguments.of("empty input", bytes(new byte[0]), "gzip stream is empty"),
        Arguments.of("not gzip", bytes("hello world".getBytes()), "not a gzip stream"),
        Arguments.of("one magic byte", bytes(new byte[] {0x1f}), "not a gzip stream"),
        Arguments.of("truncated header", cut(5), "gzip stream truncated in member 1"),
        Arguments.of("truncated in extra field", cut(15), "gzip stream truncated in member 1"),
        Arguments.of("truncated in data", cut(200), "truncated in member 1"),
        Arguments.of("truncated in second header", cut(firstMemberLength + 3), "member 2"),
        Arguments.of("truncated in last trailer", cut(VPO_GZIP.length - 3), "truncated"),
        Arguments.of("foreign truncated", cutForeign(foreign, 100), "truncated in member 1"),
        Arguments.of("foreign no trailer", cutForeign(foreign, 8), "truncated in member 1"),
        Arguments.of("trailing garbage", append("junk".getBytes()), "trailing data"),
        Arguments.of("trailing zeros", append(new byte[512]), "trailing data"),
        Arguments.of("trailing single zero", append(new byte[1]), "trailing data"),
        Arguments.of("trailing magic only", append(new byte[] {0x1f, (byte) 0x8b}), "truncated"),
        Arguments.of(
            "CRC flip", flip(firstMemberLength - 8, 0x01), "gzip CRC mismatch in member 1"),
        Arguments.of(
            "ISIZE flip", flip(firstMemberLength - 4, 0x01), "length mismatch in member 1"),
        Arguments.of("foreign CRC flip", flipForeign(foreign, 8, 0x10), "CRC mismatch in member 1"),
        Arguments.of("foreign ISIZE", flipForeign(foreign, 3, 0x10), "length mismatch in member 1"),
        Arguments.of("method 7", set(2, 7), "unsupported gzip compression method 7 in member 1"),
        Arguments.of("reserved flag", set(3, 0x24), "reserved gzip header flags"),
        Arguments.of("extra length too short", set(10, 6), "malformed"),
        Arguments.of("subfield overruns extra", set(14, 9), "malformed gzip extra field"),
        Arguments.of("VP subfield of 3 bytes", vpSubfieldLength(), "malformed VP subfield"),
        Arguments.of("VP too small", setVp(17), "impossible length 17"),
        Arguments.of("VP too large", setVp((64 << 20) + 1), "impossible length"),
        Arguments.of("VP one too long", setVp(firstMemberLength + 1), "recorded length"),
        Arguments.of("VP one too short", setVp(firstMemberLength - 1), "recorded length"),
        Arguments.of("deflate garbage", flip(40, 0xff), "member 1"),
        Arguments.of("huge ISIZE in VP member", hugeIsize(firstMemberLength), "member 1"),
        Arguments.of("damage in member 3", damageMember(3), "member 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damage")
  void refusesDamagedStreamsSequentially(String kind, Supplier<byte[]> gz, String message) {
    assertThatThrownBy(() -> read(gz.get(), false))
        .isInstanceOf(ArchiveFormatException.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain("\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damage")
  void refusesDamagedStreamsInParallel(String kind, Supplier<byte[]> gz, String message)
      throws Exception {
    assertThatThrownBy(() -> read(gz.get(), true))
        .isInstanceOf(ArchiveFormatException.class)
        .hasMessageContaining(message);
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @Test
  void refusesAHeaderCrcMismatch() throws Exception {
    byte[] member = withHeaderCrc(member(DATA, Header.FHCRC, null, false));
    member[10] ^= 1;
    assertThatThrownBy(() -> read(member, false))
        .isInstanceOf(ArchiveFormatException.class)
        .hasMessage("gzip header CRC mismatch in member 1");
  }

  @Test
  void refusesAMemberThatInflatesPastItsVpoBlockLimitWhileStreaming() throws Exception {
    // 33 MiB of zeros compress to a small member; with VP it claims to be a vpo block.
    byte[] zeros = new byte[33 << 20];
    byte[] member = member(zeros, 0, new byte[] {'V', 'P', 4, 0, 0, 0, 0, 0}, true);
    GzipFormat.putIntLe(member, 16, member.length);
    assertThatThrownBy(() -> read(member, false))
        .isInstanceOf(ArchiveFormatException.class)
        .hasMessageContaining("more than a vpo block");
    assertThatThrownBy(() -> read(member, true))
        .isInstanceOf(ArchiveFormatException.class)
        .hasMessageContaining("more than a vpo block");
  }

  @Test
  void holdsOneMaximalMemberAtATimeAndFindsTheDamageAfterThem() throws Exception {
    // Two valid members of the largest size, then three whose trailers understate their size.
    long block = MaximalMembers.BLOCK;
    InputStream hostile = MaximalMembers.stream(block, block, 0, 0, 0);
    long delivered = 0;
    try (StrictGzipInputStream in = StrictGzipInputStream.openParallel(hostile, 4)) {
      byte[] buffer = new byte[1 << 20];
      IOException end = null;
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          assertThat(Arrays.mismatch(buffer, 0, n, new byte[n], 0, n)).isEqualTo(-1);
          delivered += n;
        }
      } catch (IOException e) {
        end = e;
      }
      assertThat(end)
          .isInstanceOf(ArchiveFormatException.class)
          .hasMessage("gzip length mismatch in member 3");
      assertThat(in.peakBufferedBytes())
          .isGreaterThanOrEqualTo(MaximalMembers.MEMBER_LENGTH)
          .isLessThanOrEqualTo(StrictGzipInputStream.BUFFER_BUDGET);
      assertThat(in.bufferedBytes()).as("nothing kept after the failure").isZero();
    }
    assertThat(delivered).isEqualTo(2 * block);
  }

  @Test
  void keepsItsThreadsBusyWithinTheBudgetOnOrdinaryBlocks() throws Exception {
    byte[] data = sqliteLike(12 << 20, 5);
    byte[] gz = vpoGzip(data, 1 << 20);
    try (StrictGzipInputStream in =
        StrictGzipInputStream.openParallel(new ByteArrayInputStream(gz), 2)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      // At most four members in flight (two inflating, two waiting or being handed out), their
      // arrays reused for the members after them.
      long member = MemberBuffers.largest(1 << 20) + MemberBuffers.largest(1 << 20);
      assertThat(in.peakBufferedBytes()).isBetween(2 * (1L << 20), 4 * member);
    }
  }

  @Test
  void deliversMembersBeforeTheDamageInOrder() throws Exception {
    byte[] damaged = damageMember(3).get();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (StrictGzipInputStream in =
        StrictGzipInputStream.openParallel(new ByteArrayInputStream(damaged), 2)) {
      byte[] buffer = new byte[1000];
      int n;
      while (true) {
        try {
          n = in.read(buffer);
        } catch (ArchiveFormatException e) {
          break;
        }
        if (n < 0) {
          break;
        }
        got.write(buffer, 0, n);
      }
      assertThatThrownBy(in::read).isInstanceOf(ArchiveFormatException.class);
    }
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(DATA, 2 * 8192));
  }

  @Test
  void closingMidStreamStopsTheWorkers() throws Exception {
    InputStream raw = new ByteArrayInputStream(VPO_GZIP);
    StrictGzipInputStream in = StrictGzipInputStream.openParallel(raw, 4);
    assertThat(in.read(new byte[100])).isPositive();
    in.close();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    assertThat(WorkerThreads.stillAlive()).isEmpty();
  }

  @Test
  void aFailingDevicePassesThroughUnchanged() {
    IOException eio = new IOException("Input/output error");
    InputStream failing =
        new InputStream() {
          int served;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (served >= 3000) {
              throw eio;
            }
            int n = Math.min(len, Math.min(100, VPO_GZIP.length - served));
            System.arraycopy(VPO_GZIP, served, b, off, n);
            served += n;
            return n;
          }
        };
    assertThatThrownBy(
            () -> {
              try (InputStream in = StrictGzipInputStream.openParallel(failing, 2)) {
                in.readAllBytes();
              }
            })
        .isSameAs(eio);
  }

  // ---- building damaged streams ----

  private static Supplier<byte[]> bytes(byte[] b) {
    return named(b);
  }

  private static Supplier<byte[]> named(byte[] b) {
    return new Supplier<>() {
      @Override
      public byte[] get() {
        return b.clone();
      }

      @Override
      public String toString() {
        return b.length + " bytes";
      }
    };
  }

  private static Supplier<byte[]> edit(UnaryOperator<byte[]> change) {
    return named(change.apply(VPO_GZIP.clone()));
  }

  private static Supplier<byte[]> cut(int length) {
    return edit(gz -> Arrays.copyOf(gz, length));
  }

  private static Supplier<byte[]> cutForeign(byte[] foreign, int fromEnd) {
    return named(Arrays.copyOf(foreign, foreign.length - fromEnd));
  }

  private static Supplier<byte[]> flipForeign(byte[] foreign, int fromEnd, int mask) {
    byte[] copy = foreign.clone();
    copy[copy.length - fromEnd] ^= (byte) mask;
    return named(copy);
  }

  private static Supplier<byte[]> append(byte[] tail) {
    return edit(gz -> concat(gz, tail));
  }

  private static Supplier<byte[]> flip(int at, int mask) {
    return edit(
        gz -> {
          gz[at] ^= (byte) mask;
          return gz;
        });
  }

  private static Supplier<byte[]> set(int at, int value) {
    return edit(
        gz -> {
          gz[at] = (byte) value;
          return gz;
        });
  }

  private static Supplier<byte[]> setVp(long value) {
    return edit(
        gz -> {
          GzipFormat.putIntLe(gz, 16, value);
          return gz;
        });
  }

  private static Supplier<byte[]> vpSubfieldLength() {
    return edit(
        gz -> {
          // XLEN 7 holding one VP subfield of 3 bytes: well-formed, but not a length.
          gz[10] = 7;
          gz[14] = 3;
          return gz;
        });
  }

  private static Supplier<byte[]> hugeIsize(int firstMemberLength) {
    return edit(
        gz -> {
          GzipFormat.putIntLe(gz, firstMemberLength - 4, 0x7fff_ffffL);
          return gz;
        });
  }

  /** Breaks the CRC of member {@code number}: it inflates, to bytes its trailer disowns. */
  private static Supplier<byte[]> damageMember(int number) {
    GzipMembers.Member member = GzipMembers.of(VPO_GZIP).get(number - 1);
    return edit(
        gz -> {
          gz[member.start() + member.length() - 8] ^= 0x40;
          return gz;
        });
  }

  // ---- building members by hand ----

  /** Header flag combinations for hand-made members. */
  private static final class Header {
    static final int FHCRC = 0x02;
    static final int FLAGS_ALL = 0x02 | 0x04 | 0x08 | 0x10 | 0x01;
  }

  /**
   * A member with the given flags; FEXTRA data from {@code extra}, a file name and comment when
   * flagged, and room for a header CRC (filled by {@link #withHeaderCrc}).
   */
  private static byte[] member(byte[] data, int flags, byte[] extra, boolean extraFlag) {
    if (extraFlag) {
      flags |= 0x04;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
    if ((flags & 0x04) != 0) {
      out.write(extra.length);
      out.write(extra.length >> 8);
      out.writeBytes(extra);
    }
    if ((flags & 0x08) != 0) {
      out.writeBytes("library.tar\0".getBytes());
    }
    if ((flags & 0x10) != 0) {
      out.writeBytes("a comment\0".getBytes());
    }
    if ((flags & 0x02) != 0) {
      out.writeBytes(new byte[2]);
    }
    Deflater deflater = new Deflater(6, true);
    deflater.setInput(data);
    deflater.finish();
    byte[] buffer = new byte[64 << 10];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] trailer = new byte[8];
    GzipFormat.putIntLe(trailer, 0, crc.getValue());
    GzipFormat.putIntLe(trailer, 4, data.length);
    out.writeBytes(trailer);
    return out.toByteArray();
  }

  /** Fills the two header-CRC bytes of a member made by {@link #member}. */
  private static byte[] withHeaderCrc(byte[] member) {
    int at = 10;
    int flags = member[3];
    if ((flags & 0x04) != 0) {
      at += 2 + ((member[10] & 0xff) | (member[11] & 0xff) << 8);
    }
    if ((flags & 0x08) != 0) {
      while (member[at++] != 0) {}
    }
    if ((flags & 0x10) != 0) {
      while (member[at++] != 0) {}
    }
    CRC32 crc = new CRC32();
    crc.update(member, 0, at);
    member[at] = (byte) crc.getValue();
    member[at + 1] = (byte) (crc.getValue() >> 8);
    return member;
  }
}
