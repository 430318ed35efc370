package vpo.archive;

/**
 * The numbers of RFC 1952 and of vpo's member-length subfield, shared by the writer and the reader
 * so the two can never disagree about them.
 */
final class GzipFormat {
  static final int ID1 = 0x1f;
  static final int ID2 = 0x8b;
  static final int CM_DEFLATE = 8;

  static final int FHCRC = 0x02;
  static final int FEXTRA = 0x04;
  static final int FNAME = 0x08;
  static final int FCOMMENT = 0x10;
  static final int RESERVED_FLAGS = 0xe0;

  /** OS byte "unknown": a member's bytes do not depend on the platform that wrote them. */
  static final int OS_UNKNOWN = 255;

  /** Subfield id of the member length, {@code 'V' 'P'}. */
  static final int VP_ID1 = 'V';

  static final int VP_ID2 = 'P';
  static final int VP_DATA_LENGTH = 4;

  /** Bytes of the extra field vpo writes: one subfield, 2 id bytes + 2 length bytes + value. */
  static final int VP_EXTRA_LENGTH = 4 + VP_DATA_LENGTH;

  /** Header of a vpo member: 10 fixed bytes, XLEN, and the VP subfield. */
  static final int VPO_HEADER_LENGTH = 10 + 2 + VP_EXTRA_LENGTH;

  static final int TRAILER_LENGTH = 8;

  /** The shortest possible raw deflate stream (one empty final block). */
  static final int MIN_DEFLATE_LENGTH = 2;

  /**
   * Largest block vpo puts in one member. Readers refuse VP members that inflate to more, which
   * bounds the memory a hostile archive can make the parallel reader allocate per member.
   */
  static final int MAX_BLOCK_SIZE = 32 << 20;

  /**
   * Largest VP length a reader believes. A full {@link #MAX_BLOCK_SIZE} block of incompressible
   * data stays far below it; anything larger is damage, not a member.
   */
  static final int MAX_MEMBER_LENGTH = 64 << 20;

  private GzipFormat() {}

  static void putIntLe(byte[] buf, int at, long value) {
    buf[at] = (byte) value;
    buf[at + 1] = (byte) (value >>> 8);
    buf[at + 2] = (byte) (value >>> 16);
    buf[at + 3] = (byte) (value >>> 24);
  }

  static long intLe(byte[] buf, int at) {
    return (buf[at] & 0xffL)
        | (buf[at + 1] & 0xffL) << 8
        | (buf[at + 2] & 0xffL) << 16
        | (buf[at + 3] & 0xffL) << 24;
  }
}
