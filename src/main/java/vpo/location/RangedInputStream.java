package vpo.location;

import java.io.IOException;
import java.io.InputStream;

/**
 * The start of an archive, read through ranged reads that grow as far as the reader goes: 64 KiB,
 * then twice as much each time. Listing reads just the first member of vpo's archives, a few KiB,
 * so a remote archive costs one small request; an archive with its metadata further on (the Python
 * VPO's) is still read to where the metadata is.
 */
final class RangedInputStream extends InputStream {
  static final int FIRST_WINDOW = 64 << 10;
  private static final int LARGEST_WINDOW = 16 << 20;

  private final BackupLocation location;
  private final String name;
  private InputStream window;
  private long position;
  private long windowEnd;
  private int nextWindow = FIRST_WINDOW;
  private boolean ended;

  RangedInputStream(BackupLocation location, String name) {
    this.location = location;
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!ended) {
      if (window == null) {
        window = location.readRange(name, position, nextWindow);
        windowEnd = position + nextWindow;
        nextWindow = Math.min(LARGEST_WINDOW, nextWindow * 2);
      }
      int n = window.read(b, off, len);
      if (n > 0) {
        position += n;
        return n;
      }
      window.close();
      window = null;
      if (position < windowEnd) {
        // The range ended before its end: the archive did.
        ended = true;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    if (window != null) {
      window.close();
      window = null;
    }
  }
}
