package vpo.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

// TEMPORARY PLACEHOLDER until the archive branch is merged.
public record BackupMetadata(
    String vpoVersion,
    int schemaVersion,
    Instant createdAt,
    long databaseSizeBytes,
    long fileCount,
    long totalLibrarySizeBytes,
    String compression,
    String databaseSha256,
    Integer formatVersion,
    String kind,
    String quickCheck) {
  public static BackupMetadata parse(byte[] json) {
    try {
      var n = new ObjectMapper().readTree(json);
      return new BackupMetadata(
          n.get("vpo_version").asText(),
          n.get("schema_version").asInt(),
          Instant.parse(n.get("created_at").asText()),
          n.get("database_size_bytes").asLong(),
          n.get("file_count").asLong(),
          n.get("total_library_size_bytes").asLong(),
          n.path("compression").asText("gzip"),
          n.hasNonNull("database_sha256") ? n.get("database_sha256").asText() : null,
          n.hasNonNull("format_version") ? n.get("format_version").asInt() : null,
          n.hasNonNull("kind") ? n.get("kind").asText() : null,
          n.hasNonNull("quick_check") ? n.get("quick_check").asText() : null);
    } catch (Exception e) {
      throw new vpo.archive.ArchiveInvalidException("bad metadata: " + e.getMessage());
    }
  }

  public byte[] toJson() {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("vpo_version", vpoVersion);
    n.put("schema_version", schemaVersion);
    n.put(
        "created_at",
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(createdAt));
    n.put("database_size_bytes", databaseSizeBytes);
    n.put("file_count", fileCount);
    n.put("total_library_size_bytes", totalLibrarySizeBytes);
    n.put("compression", compression);
    n.put("database_sha256", databaseSha256);
    n.put("format_version", formatVersion);
    n.put("kind", kind);
    if (quickCheck != null) n.put("quick_check", quickCheck);
    return n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
