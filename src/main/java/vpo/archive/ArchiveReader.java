package vpo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import vpo.progress.ProgressListener;

// TEMPORARY PLACEHOLDER until the archive branch is merged: lenient, single-threaded.
public final class ArchiveReader {
  private ArchiveReader() {}

  public record Contents(byte[] metadata, long databaseSize, String databaseSha256) {}

  public static Contents readFully(
      InputStream raw, Path databaseTarget, int threads, ProgressListener progress)
      throws IOException {
    byte[] metadata = null;
    long size = -1;
    String sha = null;
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(raw, true))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals("backup_metadata.json")) {
          metadata = tar.readAllBytes();
        } else if (e.getName().equals("library.db")) {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          try (OutputStream out = Files.newOutputStream(databaseTarget)) {
            byte[] buf = new byte[65536];
            int n;
            size = 0;
            while ((n = tar.read(buf)) > 0) {
              out.write(buf, 0, n);
              md.update(buf, 0, n);
              size += n;
            }
          }
          sha = HexFormat.of().formatHex(md.digest());
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new ArchiveInvalidException("cannot read archive: " + e.getMessage());
    }
    if (metadata == null || sha == null) {
      throw new ArchiveInvalidException("archive lacks an entry");
    }
    return new Contents(metadata, size, sha);
  }

  public static byte[] readMetadata(Path archive) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(Files.newInputStream(archive), true))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals("backup_metadata.json")) {
          return tar.readAllBytes();
        }
      }
    }
    throw new ArchiveInvalidException("no metadata");
  }
}
