package vpo.crypto;

import java.util.Arrays;

/**
 * The layout of a binary age file, for tests that damage one on purpose: the header (text, ending
 * with the {@code ---} MAC line), a 16-byte nonce, then chunks of 64 KiB + 16 bytes of tag, the
 * last one shorter or full.
 */
final class Damage {
  static final int NONCE = 16;
  static final int CHUNK = (64 << 10) + 16;

  private Damage() {}

  /** Bytes up to and including the MAC line's newline. */
  static int headerLength(byte[] file) {
    for (int i = 0; i + 4 < file.length; i++) {
      if (file[i] == '\n' && file[i + 1] == '-' && file[i + 2] == '-' && file[i + 3] == '-') {
        for (int j = i + 4; j < file.length; j++) {
          if (file[j] == '\n') {
            return j + 1;
          }
        }
      }
    }
    throw new AssertionError("no age header MAC line");
  }

  /** Where encrypted chunk {@code index} (from 0) starts. */
  static int chunkStart(byte[] file, int index) {
    return headerLength(file) + NONCE + index * CHUNK;
  }

  static byte[] flip(byte[] file, int at) {
    byte[] copy = file.clone();
    copy[at] ^= 0x01;
    return copy;
  }

  static byte[] cut(byte[] file, int length) {
    return Arrays.copyOf(file, length);
  }

  static byte[] append(byte[] file, byte[] extra) {
    byte[] copy = Arrays.copyOf(file, file.length + extra.length);
    System.arraycopy(extra, 0, copy, file.length, extra.length);
    return copy;
  }
}
