package vpo.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Passes bytes through while counting them and computing their SHA-256. */
public final class CountingDigestStream extends FilterOutputStream {
  private final MessageDigest digest = Digests.sha256();
  private long count;

  public CountingDigestStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  public long count() {
    return count;
  }

  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
