package vpo.crypto;

import java.nio.file.Path;
import java.util.List;

/**
 * The identities that open encrypted archives, read from their key files once. Files the user names
 * on the command line are read at once, so a mistyped or exposed key file is an error whatever the
 * command then meets. The configured and default key files are read only when an encrypted archive
 * is first met: a backup needs only recipients, and plain archives (a pre-restore safety archive
 * among them) list and restore while the key is kept off the machine or its file needs fixing.
 */
public final class Identities {
  private static final Identities NONE = new Identities(List.of(), List.of());

  private final List<Path> files;
  private List<Identity> identities;
  private RuntimeException failure;

  private Identities(List<Path> files, List<Identity> identities) {
    this.files = List.copyOf(files);
    this.identities = identities;
  }

  /** No identity: encrypted archives cannot be opened. */
  public static Identities none() {
    return NONE;
  }

  /**
   * The keys in {@code files}, read now.
   *
   * @throws KeyFileException as {@link Identity#readFiles} does
   */
  public static Identities readNow(List<Path> files) {
    return new Identities(files, Identity.readFiles(files));
  }

  /** The keys in {@code files}, read when {@link #get} is first called. */
  public static Identities readWhenNeeded(List<Path> files) {
    return files.isEmpty() ? NONE : new Identities(files, null);
  }

  /**
   * The identities, in order; the files are read on the first call. A failure is thrown again by
   * every later call, without reading the files again.
   *
   * @throws KeyFileException as {@link Identity#readFiles} does
   */
  public synchronized List<Identity> get() {
    if (identities == null) {
      if (failure == null) {
        try {
          identities = Identity.readFiles(files);
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    return identities;
  }
}
