package vpo.catalog;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.BackupNames;

/**
 * Deletes what a {@link RetentionPolicy} removes, and nothing else: only archives named like
 * backups, of the library the prune is for (unless told to prune every library's), and in a local
 * directory only regular files, never through a symbolic link.
 */
public final class Pruner {
  private static final Logger log = LoggerFactory.getLogger(Pruner.class);

  private Pruner() {}

  /** The outcome of a prune: what was (or, in a dry run, would be) kept and removed. */
  public record Result(boolean dryRun, RetentionPolicy.Plan plan, long freedBytes) {}

  /**
   * The plan {@code policy} makes for the archives of {@code catalog} that {@code scope} admits
   * (this library's, or every library's): what it keeps, with the rules that keep each, and what it
   * removes. Deletes nothing.
   */
  public static Result plan(
      BackupCatalog catalog, RetentionPolicy policy, Predicate<BackupEntry> scope) {
    List<BackupEntry> entries = catalog.list().stream().filter(scope).toList();
    return execute(catalog, policy.apply(entries), true);
  }

  /** Plans with {@code policy} over every archive of {@code catalog}, and deletes unless dry. */
  public static Result prune(BackupCatalog catalog, RetentionPolicy policy, boolean dryRun) {
    return execute(catalog, policy.apply(catalog.list()), dryRun);
  }

  /**
   * Deletes exactly what {@code plan} removes (the plan the user was shown and confirmed), unless
   * {@code dryRun}.
   */
  public static Result execute(BackupCatalog catalog, RetentionPolicy.Plan plan, boolean dryRun) {
    long freed = 0;
    if (dryRun) {
      freed = plan.remove().stream().mapToLong(BackupEntry::archiveSizeBytes).sum();
      return new Result(true, plan, freed);
    }
    int deleted = 0;
    for (BackupEntry e : plan.remove()) {
      if (!safeToDelete(e.name())) {
        log.warn("not deleting {}: not named like a backup archive", e.path());
        continue;
      }
      try {
        catalog.location().delete(e.name());
        deleted++;
        freed += e.archiveSizeBytes();
        log.atInfo()
            .addKeyValue("archive", e.path())
            .addKeyValue("archive_size_bytes", e.archiveSizeBytes())
            .log("pruned backup");
      } catch (IOException ex) {
        throw new CatalogException(
            CatalogException.Action.DELETING,
            "cannot delete " + e.path() + ": " + ex.getMessage(),
            "check your permissions there; archives deleted so far: " + deleted,
            ex);
      }
    }
    return new Result(false, plan, freed);
  }

  /** Only archives named like backups are ever deleted, whatever a plan says. */
  static boolean safeToDelete(String name) {
    return BackupNames.matches(name) && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
  }
}
