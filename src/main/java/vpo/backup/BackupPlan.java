package vpo.backup;

import java.nio.file.Path;

/**
 * What a backup would write, for {@code --dry-run}.
 *
 * @param path the archive it would create, or null for a stream
 * @param databaseSizeBytes database plus WAL: the snapshot will be at most this
 */
public record BackupPlan(
    Path path,
    long databaseSizeBytes,
    long estimatedArchiveMinBytes,
    long estimatedArchiveMaxBytes,
    long fileCount,
    int schemaVersion,
    long freeBytes) {}
