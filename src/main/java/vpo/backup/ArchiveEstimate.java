package vpo.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Deflater;

/**
 * A cheap guess at the archive's size: a few evenly spread samples of the database are deflated at
 * the chosen level and the ratio is scaled up, with a margin either side.
 */
record ArchiveEstimate(long minBytes, long maxBytes) {
  private static final int SAMPLES = 16;
  private static final int SAMPLE_BYTES = 64 * 1024;

  static ArchiveEstimate of(Path database, long totalBytes, int level) {
    double ratio = sampleRatio(database, level);
    long expected = (long) Math.ceil(totalBytes * ratio) + 1024;
    return new ArchiveEstimate(
        Math.max(1024, (long) (expected * 0.8)), Math.min(totalBytes + 65_536, expected * 5 / 4));
  }

  private static double sampleRatio(Path database, int level) {
    Deflater deflater = new Deflater(level, true);
    try (FileChannel ch = FileChannel.open(database, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return 1.0;
      }
      ByteBuffer in = ByteBuffer.allocate(SAMPLE_BYTES);
      byte[] out = new byte[SAMPLE_BYTES + 1024];
      long read = 0;
      long written = 0;
      long step = Math.max(SAMPLE_BYTES, size / SAMPLES);
      for (long pos = 0; pos < size; pos += step) {
        in.clear();
        int n = ch.read(in, pos);
        if (n <= 0) {
          break;
        }
        deflater.reset();
        deflater.setInput(in.array(), 0, n);
        deflater.finish();
        while (!deflater.finished()) {
          written += deflater.deflate(out);
        }
        read += n;
      }
      return read == 0 ? 1.0 : Math.min(1.0, (double) written / read);
    } catch (IOException e) {
      return 1.0;
    } finally {
      deflater.end();
    }
  }
}
