package vpo.archive;

/**
 * What a full read of an archive found: the metadata entry's raw bytes (not yet parsed or checked)
 * and the size and SHA-256 of the database entry as actually streamed to the caller's file. Being a
 * record over an array, two values are equal only if they share the metadata array.
 *
 * @param metadataJson bytes of {@code backup_metadata.json}, at most 1 MiB
 * @param databaseSize bytes written for {@code library.db}
 * @param databaseSha256 lowercase hex SHA-256 of those bytes
 */
public record ExtractedArchive(byte[] metadataJson, long databaseSize, String databaseSha256) {}
