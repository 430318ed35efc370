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
