package vpo.library;

import java.nio.file.Path;

/**
 * The outcome of {@code vpo library optimize}: sizes on disk (database plus WAL) before and after.
 *
 * <p>In a dry run, {@code sizeAfterBytes} is an estimate: VACUUM drops the free pages, packs the
 * tables and indexes into as few pages as their contents need (the unused space inside pages, which
 * SQLite's {@code dbstat} table measures), and the checkpoint that follows truncates the WAL. Where
 * {@code dbstat} is missing, {@code unusedInPagesBytes} is -1 and the estimate is a lower bound
 * (free pages and WAL only).
 *
 * @param freePageBytes the free pages' bytes, before
 * @param unusedInPagesBytes unused bytes inside table and index pages, in whole pages; -1 when
 *     unknown
 * @param walBytes the write-ahead log's size, before
 */
public record OptimizeReport(
    Path path,
    boolean dryRun,
    long sizeBeforeBytes,
    long sizeAfterBytes,
    long freePagesBefore,
    long freePageBytes,
    long unusedInPagesBytes,
    long walBytes) {
  public long reclaimedBytes() {
    return Math.max(0, sizeBeforeBytes - sizeAfterBytes);
  }

  /** Whether a dry run's estimate covers all VACUUM reclaims, not only free pages and the WAL. */
  public boolean estimateComplete() {
    return unusedInPagesBytes >= 0;
  }
}
