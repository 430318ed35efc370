package vpo.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.VpoException;
import vpo.archive.Digests;
import vpo.location.BackupLocation;
import vpo.location.StoredObject;
import vpo.location.Upload;
import vpo.progress.ProgressListener;

/**
 * Copies archives from one backup location to another, as {@code restic copy} does: byte for byte
 * (an encrypted archive stays encrypted), under the same name, never replacing an archive there,
 * each copy committed only when complete and proven identical to its source (the SHA-256 of what
 * the destination holds against that of what was read). A failed copy leaves nothing at the
 * destination and never touches the source.
 */
public final class Copier {
  private static final Logger log = LoggerFactory.getLogger(Copier.class);

  private Copier() {}

  /**
   * What became of one archive's copy.
   *
   * @param copy the copy, as the user names it
   * @param skipped true when the destination already had an archive of that name
   * @param error why the copy failed, in one line, or null
   */
  public record Outcome(
      String name,
      String copy,
      long sizeBytes,
      String sha256,
      boolean skipped,
      VpoException failure,
      String error) {
    public boolean ok() {
      return error == null;
    }
  }

  /** Copies {@code name} from {@code from} to {@code to}; failures are in the outcome. */
  public static Outcome copy(
      BackupLocation from, String name, BackupLocation to, ProgressListener progress) {
    String target = to.display(name);
    try {
      if (to.exists(name)) {
        return new Outcome(name, target, 0, null, true, null, null);
      }
      MessageDigest digest = Digests.sha256();
      long size;
      StoredObject stored;
      progress.start("Copying to " + to.display(), -1);
      try (InputStream in = new DigestInputStream(from.read(name), digest);
          Upload upload = to.create(name, false)) {
        OutputStream out = upload.restart();
        byte[] buffer = new byte[1 << 16];
        long n = 0;
        int r;
        while ((r = in.read(buffer)) >= 0) {
          out.write(buffer, 0, r);
          n += r;
          progress.advance(r);
        }
        out.flush();
        size = n;
        stored = upload.commit();
      } finally {
        progress.finish();
      }
      String read = HexFormat.of().formatHex(digest.digest());
      if (stored.sizeBytes() != size || !read.equals(stored.sha256())) {
        to.delete(stored.name());
        throw new IOException(
            "the copy differs from its source (SHA-256 "
                + stored.sha256()
                + ", expected "
                + read
                + ")");
      }
      log.atInfo()
          .addKeyValue("archive", from.display(name))
          .addKeyValue("copy", target)
          .addKeyValue("size_bytes", size)
          .log("copied backup");
      return new Outcome(name, target, size, read, false, null, null);
    } catch (FileAlreadyExistsException e) {
      return new Outcome(name, target, 0, null, true, null, null);
    } catch (VpoException e) {
      log.warn("copy of {} to {} failed: {}", name, to.display(), e.getMessage());
      return new Outcome(name, target, 0, null, false, e, e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.warn("copy of {} to {} failed", name, to.display(), e);
      return new Outcome(name, target, 0, null, false, null, BackupCatalog.reason(e));
    }
  }

  /**
   * Copies every archive of {@code from} that {@code scope} admits and {@code to} lacks, oldest
   * first, going on past failures.
   */
  public static List<Outcome> copyMissing(
      BackupCatalog from,
      BackupLocation to,
      Predicate<BackupEntry> scope,
      ProgressListener progress) {
    Set<String> there = new HashSet<>();
    try {
      to.list().forEach(o -> there.add(o.name()));
    } catch (IOException e) {
      throw new CatalogException(
          CatalogException.Action.LISTING,
          "cannot list " + to.display() + ": " + e.getMessage(),
          "check that it exists and that you may read it",
          e);
    }
    List<BackupEntry> entries = new ArrayList<>(from.list());
    entries.sort(BackupEntry.NEWEST_FIRST.reversed());
    List<Outcome> outcomes = new ArrayList<>();
    for (BackupEntry e : entries) {
      if (!scope.test(e) || there.contains(e.name())) {
        continue;
      }
      outcomes.add(copy(from.location(), e.name(), to, progress));
    }
    return outcomes;
  }
}
