package vpo.archive;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Turns one block of bytes into one complete gzip member that records its own length in a {@code
 * VP} extra subfield. This is the only place members are written: the parallel stream runs one
 * encoder per worker, and a one-thread stream runs one on the caller's thread. Not thread-safe.
 */
final class GzipMemberEncoder implements AutoCloseable {
  /** Largest stored deflate block (RFC 1951, 3.2.4: LEN is 16 bits). */
  private static final int MAX_STORED_BLOCK = 0xffff;

  /** BFINAL/BTYPE byte, then LEN and NLEN. */
  private static final int STORED_BLOCK_HEADER = 5;

  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final int extraFlags;

  GzipMemberEncoder(int level) {
    // Raw deflate: the gzip header and trailer are ours, so they can carry the VP subfield.
    this.deflater = new Deflater(level, true);
    this.extraFlags = level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0;
  }

  /**
   * Compresses {@code block.input[0, inputLength)} into {@code block.output}, growing it if needed.
   */
  void encode(Block block) {
    int inputLength = block.inputLength;
    byte[] out = block.output;
    int bound = maxMemberLength(inputLength);
    if (out.length < GzipFormat.VPO_HEADER_LENGTH + 64) {
      out = new byte[Math.min(bound, GzipFormat.VPO_HEADER_LENGTH + 64 + inputLength / 2)];
    }
    deflater.reset();
    deflater.setInput(block.input, 0, inputLength);
    deflater.finish();
    int pos = GzipFormat.VPO_HEADER_LENGTH;
    while (!deflater.finished()) {
      if (pos == out.length) {
        out = Arrays.copyOf(out, Math.max(bound, out.length * 2));
      }
      pos += deflater.deflate(out, pos, out.length - pos);
    }
    if (out.length < pos + GzipFormat.TRAILER_LENGTH) {
      out = Arrays.copyOf(out, pos + GzipFormat.TRAILER_LENGTH);
    }
    crc.reset();
    crc.update(block.input, 0, inputLength);
    GzipFormat.putIntLe(out, pos, crc.getValue());
    GzipFormat.putIntLe(out, pos + 4, inputLength);
    int memberLength = pos + GzipFormat.TRAILER_LENGTH;
    writeHeader(out, memberLength);
    block.output = out;
    block.outputLength = memberLength;
  }

  /**
   * One member holding {@code input[0, length)} in stored (uncompressed) deflate blocks. Its length
   * depends on {@code length} alone ({@link #storedMemberLength}), so a writer can leave room for
   * it before knowing its content.
   */
  static byte[] stored(byte[] input, int length) {
    int memberLength = storedMemberLength(length);
    byte[] out = new byte[memberLength];
    int pos = GzipFormat.VPO_HEADER_LENGTH;
    int off = 0;
    do {
      int n = Math.min(MAX_STORED_BLOCK, length - off);
      out[pos] = (byte) (off + n == length ? 1 : 0); // BFINAL on the last block, BTYPE 00
      out[pos + 1] = (byte) n;
      out[pos + 2] = (byte) (n >>> 8);
      out[pos + 3] = (byte) ~n;
      out[pos + 4] = (byte) (~n >>> 8);
      System.arraycopy(input, off, out, pos + STORED_BLOCK_HEADER, n);
      pos += STORED_BLOCK_HEADER + n;
      off += n;
    } while (off < length);
    CRC32 crc = new CRC32();
    crc.update(input, 0, length);
    GzipFormat.putIntLe(out, pos, crc.getValue());
    GzipFormat.putIntLe(out, pos + 4, length);
    writeHeader(out, memberLength, 0);
    return out;
  }

  /** The length of {@link #stored}'s member for {@code length} bytes of input. */
  static int storedMemberLength(int length) {
    int blocks = Math.max(1, (length + MAX_STORED_BLOCK - 1) / MAX_STORED_BLOCK);
    return GzipFormat.VPO_HEADER_LENGTH
        + blocks * STORED_BLOCK_HEADER
        + length
        + GzipFormat.TRAILER_LENGTH;
  }

  private void writeHeader(byte[] out, int memberLength) {
    writeHeader(out, memberLength, extraFlags);
  }

  private static void writeHeader(byte[] out, int memberLength, int extraFlags) {
    out[0] = (byte) GzipFormat.ID1;
    out[1] = (byte) GzipFormat.ID2;
    out[2] = (byte) GzipFormat.CM_DEFLATE;
    out[3] = (byte) GzipFormat.FEXTRA;
    // MTIME 0 ("not available"): members are identical for identical input, whenever written.
    GzipFormat.putIntLe(out, 4, 0);
    out[8] = (byte) extraFlags;
    out[9] = (byte) GzipFormat.OS_UNKNOWN;
    out[10] = (byte) GzipFormat.VP_EXTRA_LENGTH;
    out[11] = 0;
    out[12] = (byte) GzipFormat.VP_ID1;
    out[13] = (byte) GzipFormat.VP_ID2;
    out[14] = (byte) GzipFormat.VP_DATA_LENGTH;
    out[15] = 0;
    GzipFormat.putIntLe(out, 16, memberLength);
  }

  /**
   * A generous upper bound of a member's size: deflate adds at most 5 bytes per 16 KiB stored
   * block, far less than the 1/256 allowed here.
   */
  static int maxMemberLength(int inputLength) {
    return GzipFormat.VPO_HEADER_LENGTH
        + inputLength
        + (inputLength >>> 8)
        + 64
        + GzipFormat.TRAILER_LENGTH;
  }

  @Override
  public void close() {
    deflater.end();
  }

  /**
   * A block of input and the member made from it; reused so steady-state writing allocates nothing.
   */
  static final class Block {
    final byte[] input;
    int inputLength;
    byte[] output = new byte[0];
    int outputLength;

    Block(int capacity) {
      this.input = new byte[capacity];
    }
  }
}
