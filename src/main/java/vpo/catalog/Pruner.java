package vpo.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.BackupNames;
import vpo.fs.AtomicFile;

/**
 * Deletes what a {@link RetentionPolicy} removes, and nothing else: only regular files named like
 * backups directly inside the catalog's directory, never through a symbolic link.
 */
public final class Pruner {
  private static final Logger log = LoggerFactory.getLogger(Pruner.class);

  private Pruner() {}

  /** The outcome of a prune: what was (or, in a dry run, would be) kept and removed. */
  public record Result(boolean dryRun, RetentionPolicy.Plan plan, long freedBytes) {}

  /** Plans with {@code policy} over {@code catalog}, and deletes unless {@code dryRun}. */
  public static Result prune(BackupCatalog catalog, RetentionPolicy policy, boolean dryRun) {
    return execute(catalog, policy.apply(catalog.list()), dryRun);
  }

  /**
   * Deletes exactly what {@code plan} removes (the plan the user was shown and confirmed), unless
   * {@code dryRun}.
   */
  public static Result execute(BackupCatalog catalog, RetentionPolicy.Plan plan, boolean dryRun) {
    long freed = 0;
    if (!dryRun) {
      List<Path> deleted = new ArrayList<>();
      for (BackupEntry e : plan.remove()) {
        Path p = e.path();
        if (!safeToDelete(catalog.directory(), p)) {
          log.warn("not deleting {}: not a backup archive directly in {}", p, catalog.directory());
          continue;
        }
        try {
          Files.delete(p);
          deleted.add(p);
          freed += e.archiveSizeBytes();
          log.atInfo()
              .addKeyValue("archive", p)
              .addKeyValue("archive_size_bytes", e.archiveSizeBytes())
              .log("pruned backup");
        } catch (IOException ex) {
          throw new CatalogException(
              CatalogException.Action.DELETING,
              "cannot delete " + p + ": " + ex.getMessage(),
              "check the directory's permissions; archives deleted so far: " + deleted.size(),
              ex);
        }
      }
      AtomicFile.syncDirectory(catalog.directory());
    } else {
      freed = plan.remove().stream().mapToLong(BackupEntry::archiveSizeBytes).sum();
    }
    return new Result(dryRun, plan, freed);
  }

  static boolean safeToDelete(Path dir, Path p) {
    return p.getParent() != null
        && p.getParent().equals(dir)
        && BackupNames.matches(p)
        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
  }
}
