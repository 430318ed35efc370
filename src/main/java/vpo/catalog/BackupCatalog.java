package vpo.catalog;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.ArchiveReader;
import vpo.archive.BackupKind;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;
import vpo.fs.InsufficientSpaceException;
import vpo.fs.TempFiles;
import vpo.library.SchemaIncompatibleException;
import vpo.progress.ProgressListener;
import vpo.restore.ArchiveValidator;
import vpo.restore.ValidatedArchive;

/**
 * The archives in a backup directory. Listing reads only the head of each archive (vpo writes the
 * metadata first, so a few KiB are inflated); an archive whose metadata cannot be read is listed
 * with the reason, never hidden and never fatal.
 */
public final class BackupCatalog {
  private static final Logger log = LoggerFactory.getLogger(BackupCatalog.class);
  private final Path dir;

  public BackupCatalog(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path directory() {
    return dir;
  }

  /** Every {@code vpo-library-*.tar.gz} regular file in the directory, newest first. */
  public List<BackupEntry> list() {
    List<BackupEntry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, BackupNames.GLOB)) {
      for (Path p : files) {
        BackupEntry e = read(p);
        if (e != null) {
          entries.add(e);
        }
      }
    } catch (IOException e) {
      throw new CatalogException(
          CatalogException.Action.LISTING,
          "cannot list " + dir + ": " + e.getMessage(),
          "check the directory's permissions",
          e);
    }
    entries.sort(BackupEntry.NEWEST_FIRST);
    return entries;
  }

  /** The listing, with every archive fully validated when {@code verify}. */
  public Listing listing(boolean verify, ProgressListener progress) {
    List<BackupEntry> entries = list();
    if (!verify) {
      return new Listing(dir, entries, null);
    }
    List<Verification> checks = new ArrayList<>();
    for (BackupEntry e : entries) {
      checks.add(verify(e, progress));
    }
    return new Listing(dir, entries, List.copyOf(checks));
  }

  /** The newest readable archive, or null. */
  public BackupEntry newest() {
    return list().stream().filter(BackupEntry::readable).findFirst().orElse(null);
  }

  /** The entry for one archive, or null when it is not a regular file (links are not followed). */
  static BackupEntry read(Path p) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
    if (!attrs.isRegularFile()) {
      return null;
    }
    Instant fallback = BackupNames.timeOf(p).orElse(attrs.lastModifiedTime().toInstant());
    try {
      BackupMetadata m = BackupMetadata.parse(new ArchiveReader(1).readMetadata(p));
      BackupKind kind = m.kind() != null ? m.kind() : BackupNames.kindOf(p);
      return new BackupEntry(p, attrs.size(), m.createdAt(), kind, m, null);
    } catch (IOException | RuntimeException e) {
      log.debug("cannot read metadata of {}", p, e);
      return new BackupEntry(p, attrs.size(), fallback, BackupNames.kindOf(p), null, reason(e));
    }
  }

  /**
   * Validates {@code entry} as restore would (every byte, checksums, quick_check), extracting to a
   * temp file in the directory that is always removed.
   */
  public Verification verify(BackupEntry entry, ProgressListener progress) {
    // Beside the archives when possible (same disk, cleaned by later runs); a read-only backup
    // directory can still be verified, through the system's temp directory.
    Path work = Files.isWritable(dir) ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    Path temp = TempFiles.allocate(work, "verify.db");
    try {
      ValidatedArchive v = new ArchiveValidator(progress).validate(entry.path(), temp);
      SchemaIncompatibleException unrestorable = v.unrestorable();
      return new Verification(
          entry,
          true,
          unrestorable == null,
          v.schemaVersion(),
          unrestorable == null ? null : unrestorable.getMessage());
    } catch (InsufficientSpaceException e) {
      throw e;
    } catch (NoSuchFileException e) {
      return Verification.corrupt(entry, "the file disappeared while verifying");
    } catch (IOException | RuntimeException e) {
      return Verification.corrupt(entry, reason(e));
    } finally {
      TempFiles.delete(temp);
    }
  }

  /** A one-line reason; exceptions without a message (EOF of a truncated stream) still say why. */
  static String reason(Throwable e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return oneLine(e.getMessage());
    }
    if (e instanceof EOFException) {
      return "the archive ends early (truncated)";
    }
    return e.getClass().getSimpleName();
  }

  static String oneLine(String s) {
    return s == null ? "unreadable" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
