package vpo.library;

import java.nio.file.Path;

/**
 * The outcome of {@code vpo library optimize}: sizes on disk (database plus WAL) before and after.
 * In a dry run, {@code sizeAfterBytes} is the estimate from the free-page count.
 */
public record OptimizeReport(
    Path path, boolean dryRun, long sizeBeforeBytes, long sizeAfterBytes, long freePagesBefore) {
  public long reclaimedBytes() {
    return Math.max(0, sizeBeforeBytes - sizeAfterBytes);
  }
}
