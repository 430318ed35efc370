package vpo.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vpo.catalog.BackupCatalog;
import vpo.catalog.BackupEntry;
import vpo.catalog.Copier;
import vpo.catalog.LibraryOwner;
import vpo.catalog.Pruner;
import vpo.catalog.RetentionPolicy;
import vpo.library.Library;
import vpo.location.BackupLocation;
import vpo.progress.ProgressListener;

/**
 * One {@code vpo library backup}: the backup (or, with {@code --if-changed}, nothing when the
 * library is as its newest backup holds it), then the copies to other locations (the 3-2-1 habit),
 * then the configured retention. A failed copy never touches the backup; a failed prune comes last.
 */
public final class LibraryBackup {
  private LibraryBackup() {}

  /**
   * What to do.
   *
   * @param ifChanged skip the backup when the library is unchanged since its newest backup at the
   *     destination
   * @param owner the library, as an owner of archives (for its newest backup, and for prune)
   * @param destinationCatalog the archives at the destination, or null for a stream
   * @param copyTo locations each new backup is copied to
   * @param prune the retention to apply to {@code pruneCatalog} afterwards, or null
   */
  public record Order(
      BackupRequest request,
      boolean ifChanged,
      LibraryOwner owner,
      BackupCatalog destinationCatalog,
      List<BackupLocation> copyTo,
      RetentionPolicy prune,
      BackupCatalog pruneCatalog) {
    public Order {
      copyTo = List.copyOf(copyTo);
    }
  }

  /**
   * What happened.
   *
   * @param written the backup, or null when skipped
   * @param unchangedSince when skipped, the newest backup that already holds the library
   * @param copies one per copy location, in order
   * @param pruned the prune, or null when none was asked for
   */
  public record Outcome(
      BackupResult written,
      BackupEntry unchangedSince,
      List<Copier.Outcome> copies,
      Pruner.Result pruned) {
    public boolean skipped() {
      return written == null;
    }

    /** The first copy that failed, or empty. */
    public Optional<Copier.Outcome> failedCopy() {
      return copies.stream().filter(c -> !c.ok()).findFirst();
    }
  }

  public static Outcome run(
      BackupService service, Library library, Order order, ProgressListener progress) {
    BackupResult written;
    BackupEntry newest = null;
    // A library without an id gets one now, and its new archive records it: the archive must be
    // this library's when its newest backup is looked up and when its archives are pruned.
    LibraryOwner owner = order.owner().withId(Library.ensureLibraryId(library.path()));
    if (order.ifChanged() && order.destinationCatalog() != null) {
      newest = comparable(order.destinationCatalog(), owner, order.request());
      String sha = newest == null ? null : newest.metadata().databaseSha256();
      Optional<BackupResult> maybe = service.createIfChanged(library, order.request(), sha);
      written = maybe.orElse(null);
    } else {
      written = service.create(library, order.request());
    }
    List<Copier.Outcome> copies = new ArrayList<>();
    // Unchanged, the newest backup is copied where a copy is missing (an earlier copy failed).
    String copied = written != null ? written.name() : newest != null ? newest.name() : null;
    if (copied != null && order.request().destination() instanceof Destination.At at) {
      for (BackupLocation to : order.copyTo()) {
        copies.add(Copier.copy(at.location(), copied, to, progress));
      }
    }
    Pruner.Result pruned = null;
    if (order.prune() != null) {
      RetentionPolicy.Plan plan =
          Pruner.plan(order.pruneCatalog(), order.prune(), owner::owns).plan();
      pruned = Pruner.execute(order.pruneCatalog(), plan, false);
    }
    return new Outcome(written, written == null ? newest : null, List.copyOf(copies), pruned);
  }

  /**
   * The archive an unchanged library is compared with: this library's newest backup at the
   * destination, when its metadata can be read and it is encrypted just as this run would write it.
   * Null, and so a backup, when the newest cannot be read (encrypted for a key not given, or
   * damaged: what it holds is unknown, so an older archive must not stand in for it), or when this
   * run would encrypt and the newest is plain, or the other way round.
   */
  private static BackupEntry comparable(
      BackupCatalog catalog, LibraryOwner owner, BackupRequest request) {
    for (BackupEntry e : catalog.list()) {
      if (e.kind().isSafety() || !owner.owns(e)) {
        continue;
      }
      return e.readable() && e.encrypted() == request.encrypted() ? e : null;
    }
    return null;
  }
}
