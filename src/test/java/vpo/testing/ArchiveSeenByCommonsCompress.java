package vpo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A backup archive as commons-compress alone sees it, independently of vpo's own reader ({@link
 * vpo.archive.ArchiveReader}, whose result is {@link vpo.archive.ExtractedArchive}): every entry's
 * header, the metadata document, and the {@code library.db} entry's size and SHA-256 (optionally
 * extracted to a file). Reading goes to the end of the gzip stream, so a bad CRC, a truncated
 * stream or trailing garbage fails it.
 *
 * @param entries the tar headers in archive order
 * @param metadata the {@code backup_metadata.json} entry, parsed; null when absent
 * @param databaseSize bytes in the {@code library.db} entry, or -1 when absent
 * @param databaseSha256 lowercase hex digest of that entry, or null when absent
 */
public record ArchiveSeenByCommonsCompress(
    List<Entry> entries, JsonNode metadata, long databaseSize, String databaseSha256) {

  /** One tar header. */
  public record Entry(
      String name,
      boolean regularFile,
      int mode,
      long uid,
      long gid,
      String userName,
      String groupName,
      long size,
      Instant mtime) {}

  /** Reads the archive at {@code file} without extracting anything. */
  public static ArchiveSeenByCommonsCompress read(Path file) {
    return read(file, null);
  }

  /**
   * Reads the archive at {@code file}, writing its {@code library.db} entry to {@code dbTarget}.
   */
  public static ArchiveSeenByCommonsCompress read(Path file, Path dbTarget) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, dbTarget);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read archive " + file, e);
    }
  }

  /** Reads an archive from {@code in} (for example {@code -o -} output). */
  public static ArchiveSeenByCommonsCompress read(InputStream in, Path dbTarget)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    JsonNode metadata = null;
    long size = -1;
    String sha = null;
    GzipCompressorInputStream gzip =
        new GzipCompressorInputStream(new BufferedInputStream(in, 1 << 16), true);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.add(
            new Entry(
                e.getName(),
                e.isFile(),
                e.getMode(),
                e.getLongUserId(),
                e.getLongGroupId(),
                e.getUserName(),
                e.getGroupName(),
                e.getSize(),
                e.getModTime().toInstant()));
        if (e.getName().equals("backup_metadata.json")) {
          metadata = new ObjectMapper().readTree(tar.readAllBytes());
        } else if (e.getName().equals("library.db")) {
          MessageDigest digest = Sha256.digest();
          OutputStream out = dbTarget == null ? OutputStream.nullOutputStream() : null;
          try (OutputStream sink = out != null ? out : Files.newOutputStream(dbTarget)) {
            byte[] buf = new byte[1 << 16];
            size = 0;
            for (int n; (n = tar.read(buf)) > 0; ) {
              sink.write(buf, 0, n);
              digest.update(buf, 0, n);
              size += n;
            }
          }
          sha = HexFormat.of().formatHex(digest.digest());
        }
      }
      // Read the gzip layer to its end: the last member's CRC, and no trailing garbage.
      gzip.transferTo(OutputStream.nullOutputStream());
    }
    return new ArchiveSeenByCommonsCompress(List.copyOf(entries), metadata, size, sha);
  }

  /** The entry names in archive order. */
  public List<String> names() {
    return entries.stream().map(Entry::name).toList();
  }

  /**
   * Why this is not a complete archive as vpo writes them, or null: both entries, metadata first,
   * and the database entry's size and SHA-256 as the metadata records them.
   */
  public String problem() {
    if (!names().equals(List.of("backup_metadata.json", "library.db"))) {
      return "entries are " + names();
    }
    if (metadata == null || !metadata.isObject()) {
      return "metadata is not a JSON object";
    }
    if (metadata.path("database_size_bytes").asLong(-2) != databaseSize) {
      return "database is " + databaseSize + " bytes, metadata says " + metadata;
    }
    if (!metadata.path("database_sha256").asText("").equals(databaseSha256)) {
      return "database sha256 is " + databaseSha256 + ", metadata says " + metadata;
    }
    return null;
  }
}
