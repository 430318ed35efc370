package vpo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * gzip streams of members as large as vpo's reader accepts, made on the fly so a test holds none of
 * it in memory. Each member records its length (just under 64 MiB) in a {@code VP} subfield and
 * holds 32 MiB of zeros (vpo's largest block) in stored deflate blocks, padded to that length with
 * empty stored blocks; its trailer has the right CRC and the size the test asks for. With a size of
 * {@link #BLOCK} the member is valid; with a smaller one it is damaged, and a reader only finds out
 * by inflating all of it.
 *
 * <p>A reader that kept several such members in flight would need several times 96 MiB.
 */
public final class MaximalMembers {
  /** Bytes each member inflates to: the largest block vpo accepts. */
  public static final int BLOCK = 32 << 20;

  /** Each member's total length: within 4 bytes of the largest a reader accepts (64 MiB). */
  public static final int MEMBER_LENGTH = (64 << 20) - 4;

  private static final int HEADER_LENGTH = 20;
  private static final int TRAILER_LENGTH = 8;
  private static final int STORED_MAX = 65535;

  /** A run of empty, non-final stored blocks: {@code 00, LEN 0000, NLEN ffff} each. */
  private static final byte[] EMPTY_BLOCKS = emptyBlocks(STORED_MAX / 5);

  private static final byte[] ZEROS = new byte[STORED_MAX];
  private static final long ZEROS_CRC = crcOfZeros();

  private MaximalMembers() {}

  /** One member per size, in order: the size each trailer declares. */
  public static InputStream stream(long... declaredSizes) {
    return new PiecesStream(declaredSizes);
  }

  /** The pieces of one member, mostly shared arrays, in order. */
  private static List<byte[]> member(long declaredSize) {
    List<byte[]> pieces = new ArrayList<>();
    byte[] header = {
      0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 255, 8, 0, 'V', 'P', 4, 0, 0, 0, 0, 0
    };
    putIntLe(header, 16, MEMBER_LENGTH);
    pieces.add(header);
    int deflateLength = 0;
    for (int left = BLOCK; left > 0; ) {
      int n = Math.min(left, STORED_MAX);
      pieces.add(storedHeader(false, n));
      pieces.add(n == STORED_MAX ? ZEROS : new byte[n]);
      deflateLength += 5 + n;
      left -= n;
    }
    int padding = MEMBER_LENGTH - HEADER_LENGTH - TRAILER_LENGTH - deflateLength;
    if (padding % 5 != 0 || padding < 5) {
      throw new IllegalStateException("member length cannot be padded with stored blocks");
    }
    int emptyBlocks = padding / 5 - 1;
    for (int left = emptyBlocks; left > 0; ) {
      int n = Math.min(left, EMPTY_BLOCKS.length / 5);
      pieces.add(n == EMPTY_BLOCKS.length / 5 ? EMPTY_BLOCKS : Arrays.copyOf(EMPTY_BLOCKS, 5 * n));
      left -= n;
    }
    pieces.add(storedHeader(true, 0));
    byte[] trailer = new byte[TRAILER_LENGTH];
    putIntLe(trailer, 0, ZEROS_CRC);
    putIntLe(trailer, 4, declaredSize);
    pieces.add(trailer);
    return pieces;
  }

  private static byte[] storedHeader(boolean last, int length) {
    return new byte[] {
      (byte) (last ? 1 : 0),
      (byte) length,
      (byte) (length >>> 8),
      (byte) ~length,
      (byte) (~length >>> 8)
    };
  }

  private static byte[] emptyBlocks(int count) {
    byte[] out = new byte[5 * count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(storedHeader(false, 0), 0, out, 5 * i, 5);
    }
    return out;
  }

  private static long crcOfZeros() {
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[1 << 20];
    for (int i = 0; i < BLOCK / zeros.length; i++) {
      crc.update(zeros);
    }
    return crc.getValue();
  }

  private static void putIntLe(byte[] buf, int at, long value) {
    buf[at] = (byte) value;
    buf[at + 1] = (byte) (value >>> 8);
    buf[at + 2] = (byte) (value >>> 16);
    buf[at + 3] = (byte) (value >>> 24);
  }

  /** The members' pieces one after another, each member built when reading reaches it. */
  private static final class PiecesStream extends InputStream {
    private final long[] sizes;
    private int nextMember;
    private List<byte[]> pieces = List.of();
    private int piece;
    private int pos;

    PiecesStream(long[] sizes) {
      this.sizes = sizes.clone();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      while (piece == pieces.size() || pos == pieces.get(piece).length) {
        if (piece < pieces.size()) {
          piece++;
          pos = 0;
          continue;
        }
        if (nextMember == sizes.length) {
          return -1;
        }
        pieces = member(sizes[nextMember++]);
        piece = 0;
        pos = 0;
      }
      byte[] current = pieces.get(piece);
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
