package vpo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import vpo.progress.ProgressListener;

// TEMPORARY PLACEHOLDER until the archive branch is merged: single-threaded gzip.
public final class ArchiveWriter {
  private ArchiveWriter() {}

  public static void write(
      OutputStream out,
      byte[] metadata,
      Path database,
      long databaseSize,
      Instant mtime,
      int level,
      int threads,
      ProgressListener progress)
      throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    TarArchiveEntry m = new TarArchiveEntry("backup_metadata.json");
    m.setSize(metadata.length);
    m.setMode(0100600);
    m.setModTime(Date.from(mtime));
    tar.putArchiveEntry(m);
    tar.write(metadata);
    tar.closeArchiveEntry();
    TarArchiveEntry d = new TarArchiveEntry("library.db");
    d.setSize(databaseSize);
    d.setMode(0100600);
    d.setModTime(Date.from(mtime));
    tar.putArchiveEntry(d);
    try (InputStream in = Files.newInputStream(database)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        tar.write(buf, 0, n);
        progress.advance(n);
      }
    }
    tar.closeArchiveEntry();
    tar.finish();
    gz.finish();
  }
}
