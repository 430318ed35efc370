package vpo.backup;

/**
 * What a backup would write, for {@code --dry-run}.
 *
 * @param archive the archive it would create, as the user names it, or null for a stream
 * @param databaseSizeBytes database plus WAL: the snapshot will be at most this
 * @param freeBytes room on the disk the archive (or for a remote location, the snapshot) goes to,
 *     or -1 when unknown
 */
public record BackupPlan(
    String archive,
    long databaseSizeBytes,
    long estimatedArchiveMinBytes,
    long estimatedArchiveMaxBytes,
    long fileCount,
    int schemaVersion,
    long freeBytes,
    boolean encrypted) {}
