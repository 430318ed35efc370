package vpo.restore;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A restore that happened.
 *
 * @param safetyBackup the archive of the library that was replaced, or null
 * @param migratedFrom the archive's schema when it was migrated, or null
 */
public record RestoreResult(
    RestorePreview preview,
    Path library,
    Duration duration,
    String safetyBackup,
    Integer migratedFrom) {}
