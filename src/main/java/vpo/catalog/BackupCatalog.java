package vpo.catalog;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vpo.archive.ArchiveReader;
import vpo.archive.BackupKind;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;
import vpo.crypto.AgeEncryption;
import vpo.crypto.Identities;
import vpo.crypto.Identity;
import vpo.crypto.KeyFileException;
import vpo.crypto.NoIdentityMatchesException;
import vpo.fs.InsufficientSpaceException;
import vpo.fs.TempFiles;
import vpo.library.Library;
import vpo.library.SchemaIncompatibleException;
import vpo.location.BackupLocation;
import vpo.location.LocalDirectory;
import vpo.location.LocationUri;
import vpo.location.StoredObject;
import vpo.progress.ProgressListener;

/**
 * The archives a backup location holds. Listing reads only the head of each archive (vpo writes the
 * metadata first, so a few KiB are read, from a remote store in one ranged request); an encrypted
 * archive's head is decrypted with the identities given, or it is listed from its name. An archive
 * whose metadata cannot be read is listed with the reason, never hidden and never fatal.
 */
public final class BackupCatalog {
  private static final Logger log = LoggerFactory.getLogger(BackupCatalog.class);

  /** Heads read at once when listing. */
  private static final int HEAD_READERS = 8;

  private final BackupLocation location;
  private final Identities identities;

  /** The archives in {@code location}; encrypted ones are opened with {@code identities}. */
  public BackupCatalog(BackupLocation location, Identities identities) {
    this.location = location;
    this.identities = identities;
  }

  /** The plain archives of a local directory. */
  public BackupCatalog(Path dir) {
    this(new LocalDirectory(dir), Identities.none());
  }

  public BackupLocation location() {
    return location;
  }

  /** Every archive named like a backup in the location, newest first. */
  public List<BackupEntry> list() {
    List<BackupEntry> entries =
        new ArrayList<>(
            readAll(objects().stream().filter(o -> BackupNames.matches(o.name())).toList()));
    entries.sort(BackupEntry.NEWEST_FIRST);
    return entries;
  }

  /**
   * This library's archives ({@code owner}), or with {@code all} every archive, and with {@code
   * verify} each one fully validated. With {@code all}, files not named like backups are listed
   * when they are readable vpo archives; the rest are counted.
   */
  public Listing listing(
      LibraryOwner owner, boolean all, boolean verify, ProgressListener progress) {
    List<BackupEntry> entries = new ArrayList<>();
    List<String> otherFiles = new ArrayList<>();
    int otherLibraries = 0;
    List<StoredObject> toRead = new ArrayList<>();
    for (StoredObject o : objects()) {
      if (BackupNames.matches(o.name()) || (all && LocationUri.isArchiveName(o.name()))) {
        toRead.add(o);
      } else if (LocationUri.isArchiveName(o.name())) {
        // Only what looks like an archive (before-upgrade.tar.gz) is worth a word; notes.txt not.
        otherFiles.add(o.name());
      }
    }
    List<BackupEntry> read = readAll(toRead);
    for (int i = 0; i < toRead.size(); i++) {
      StoredObject o = toRead.get(i);
      BackupEntry e = read.get(i);
      if (!BackupNames.matches(o.name())) {
        if (e.readable()) {
          entries.add(e);
        } else {
          otherFiles.add(o.name());
        }
        continue;
      }
      if (all || owner.owns(e)) {
        entries.add(e);
      } else {
        otherLibraries++;
      }
    }
    entries.sort(BackupEntry.NEWEST_FIRST);
    otherFiles.sort(null);
    List<Verification> checks = null;
    if (verify) {
      checks = new ArrayList<>();
      for (BackupEntry e : entries) {
        checks.add(verify(e, progress));
      }
    }
    return new Listing(
        location.display(),
        List.copyOf(entries),
        checks == null ? null : List.copyOf(checks),
        all,
        otherLibraries,
        List.copyOf(otherFiles));
  }

  /**
   * The newest readable archive of {@code owner}'s library that is not a safety archive, or null.
   */
  public BackupEntry newest(LibraryOwner owner) {
    return list().stream()
        .filter(BackupEntry::readable)
        .filter(e -> !e.kind().isSafety())
        .filter(owner::owns)
        .findFirst()
        .orElse(null);
  }

  private List<StoredObject> objects() {
    try {
      return location.list().stream().filter(o -> !isLeftoverName(o)).toList();
    } catch (IOException e) {
      throw new CatalogException(
          CatalogException.Action.LISTING,
          "cannot list " + location.display() + ": " + e.getMessage(),
          "check that it exists and that you may read it",
          e);
    }
  }

  /**
   * Whether {@code o} is a database copy whose file has other names: what a restore killed between
   * keeping its copy and replacing the library leaves (the library itself under a copy's name,
   * which a later command removes). A copy vpo kept is the file's only name once the restore has
   * replaced the library.
   */
  private boolean isLeftoverName(StoredObject o) {
    if (!BackupNames.isDatabaseCopy(o.name())) {
      return false;
    }
    Optional<Path> dir = location.localDirectory();
    try {
      return dir.isPresent()
          && ((Number) Files.getAttribute(dir.get().resolve(o.name()), "unix:nlink")).intValue()
              > 1;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The entries of {@code objects}, in their order, their heads read several at a time: from a
   * remote store each head is a request, and one after another they made listing twenty archives
   * take half a second longer.
   */
  private List<BackupEntry> readAll(List<StoredObject> objects) {
    if (objects.size() < 2) {
      return objects.stream().map(this::read).toList();
    }
    ExecutorService readers =
        Executors.newFixedThreadPool(
            Math.min(HEAD_READERS, objects.size()),
            r -> {
              Thread t = new Thread(r, "vpo-list");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<BackupEntry>> pending = new ArrayList<>();
      for (StoredObject o : objects) {
        pending.add(readers.submit(() -> read(o)));
      }
      List<BackupEntry> entries = new ArrayList<>();
      for (Future<BackupEntry> f : pending) {
        entries.add(f.get());
      }
      return entries;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while listing " + location.display());
    } catch (ExecutionException e) {
      // read() turns every failure of an archive into its entry; what is left is no such failure.
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      readers.shutdownNow();
    }
  }

  /** The entry for one archive: its metadata read from its head, or why it cannot be. */
  BackupEntry read(StoredObject o) {
    String name = o.name();
    Instant fallback = BackupNames.timeOf(name).orElse(o.lastModified());
    BackupKind named = BackupNames.kindOf(name);
    if (BackupNames.isDatabaseCopy(name)) {
      return readDatabaseCopy(o, fallback, named);
    }
    boolean encrypted = BackupNames.isEncrypted(name);
    try (InputStream head = location.readHead(name)) {
      // Whatever the name says: a .tar.gz encrypted by hand with age is still an age file.
      byte[] first = head.readNBytes(AgeEncryption.DETECT_BYTES);
      InputStream whole = new SequenceInputStream(new ByteArrayInputStream(first), head);
      encrypted = AgeEncryption.isAgeFile(first, first.length);
      try (InputStream plain =
          encrypted ? AgeEncryption.decrypt(whole, identities.get(), name) : whole) {
        BackupMetadata m = BackupMetadata.parse(new ArchiveReader(1).readMetadata(plain));
        BackupKind kind = m.kind() != null ? m.kind() : named;
        return entry(o, m.createdAt(), kind, m, null, encrypted);
      }
    } catch (NoIdentityMatchesException e) {
      // Listed from its name: the time, the size, and that it is encrypted.
      return entry(o, fallback, named, null, null, true);
    } catch (KeyFileException e) {
      // Listed from its name, saying what is wrong with the key.
      return entry(o, fallback, named, null, withHint(e), true);
    } catch (IOException | RuntimeException e) {
      log.debug("cannot read metadata of {}", name, e);
      return entry(o, fallback, named, null, reason(e), encrypted);
    }
  }

  /**
   * The entry for a safety copy kept as a database file: what an archive's metadata would say, read
   * from the database without writing anything. Read only in a local directory (vpo keeps such
   * copies only in the backup directory).
   */
  private BackupEntry readDatabaseCopy(StoredObject o, Instant created, BackupKind kind) {
    Optional<Path> dir = location.localDirectory();
    if (dir.isEmpty()) {
      return entry(
          o, created, kind, null, "a database copy is read only in a local directory", false);
    }
    Path file = dir.get().resolve(o.name());
    Optional<Path> unfinished = Library.unfinishedSideFile(file);
    if (unfinished.isPresent()) {
      return entry(
          o,
          created,
          kind,
          null,
          "not closed cleanly: " + unfinished.get().getFileName() + " beside it",
          false);
    }
    try {
      Library.Facts f = Library.peekFacts(file);
      BackupMetadata m =
          BackupMetadata.ofDatabaseCopy(
              f.schemaVersion(),
              created,
              o.sizeBytes(),
              f.fileCount(),
              f.totalMediaBytes(),
              kind,
              f.libraryId());
      return entry(o, created, kind, m, null, false);
    } catch (RuntimeException e) {
      log.debug("cannot read database copy {}", o.name(), e);
      return entry(o, created, kind, null, reason(e), false);
    }
  }

  private BackupEntry entry(
      StoredObject o,
      Instant created,
      BackupKind kind,
      BackupMetadata m,
      String problem,
      boolean encrypted) {
    return new BackupEntry(
        o.name(),
        location.display(o.name()),
        o.sizeBytes(),
        created,
        kind,
        m,
        problem,
        encrypted,
        o.sha256() != null ? o.sha256() : location.knownSha256(o.name()));
  }

  /**
   * Validates {@code entry} as restore would (every byte, checksums, quick_check), extracting to a
   * temp file that is always removed, and says whether this vpo could restore it.
   */
  public Verification verify(BackupEntry entry, ProgressListener progress) {
    // Beside the archives when possible (same disk, cleaned by later runs); a read-only or remote
    // location is verified through the system's temp directory.
    Path work =
        location
            .localDirectory()
            .filter(Files::isWritable)
            .orElse(Path.of(System.getProperty("java.io.tmpdir")));
    Path temp = TempFiles.allocate(work, "verify.db");
    try (InputStream in = open(entry)) {
      ValidatedArchive v = new ArchiveValidator(progress).validate(in, temp, entry.createdAt());
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
      return Verification.corrupt(entry, "the archive disappeared while verifying");
    } catch (NoIdentityMatchesException e) {
      // Without its key nothing can be said of the archive: not verified, not corrupt.
      return Verification.locked(entry, reason(e));
    } catch (KeyFileException e) {
      return Verification.locked(entry, withHint(e));
    } catch (IOException | RuntimeException e) {
      return Verification.corrupt(entry, reason(e));
    } finally {
      TempFiles.delete(temp);
    }
  }

  /** The archive's plain bytes: decrypted with the identities when it is an age file. */
  public InputStream open(BackupEntry entry) throws IOException {
    if (!entry.encrypted()) {
      return location.read(entry.name());
    }
    // The keys first: when they cannot be read, no stream is left open.
    List<Identity> keys = identities.get();
    return AgeEncryption.decrypt(location.read(entry.name()), keys, entry.name());
  }

  /** The message and the fix of a key file's problem, in one line. */
  private static String withHint(KeyFileException e) {
    return oneLine(e.getMessage() + (e.hint() == null ? "" : "; " + e.hint()));
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
