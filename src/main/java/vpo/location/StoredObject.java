package vpo.location;

import java.time.Instant;

/**
 * One archive (file or object) a location holds.
 *
 * @param name its name in the location, with no directory or prefix
 * @param sizeBytes its length in bytes
 * @param lastModified when the store last wrote it
 * @param sha256 the SHA-256 of its bytes in lower-case hex, where the store keeps it (S3 object
 *     metadata, or known because this process just wrote it); otherwise null
 */
public record StoredObject(String name, long sizeBytes, Instant lastModified, String sha256) {}
