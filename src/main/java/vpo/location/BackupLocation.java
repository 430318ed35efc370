package vpo.location;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Where archives live: a local directory or an S3 prefix, behind one small interface (list, read,
 * write atomically, delete). Commands go through it and never ask which kind they have.
 *
 * <p>Names are plain archive names with no directory or prefix. vpo's own temporary files and
 * uploads ({@code .vpo-tmp-*}) are never listed. A missing archive is reported as {@link
 * java.nio.file.NoSuchFileException}; a location that cannot be reached as {@link
 * LocationUnavailableException}.
 */
public interface BackupLocation extends AutoCloseable {
  /**
   * Opens {@code where}. The S3 client is loaded only for an S3 location, and {@code s3} is only
   * called then.
   */
  static BackupLocation open(LocationUri where, Supplier<S3Settings> s3) {
    if (where instanceof LocationUri.Directory d) {
      return new LocalDirectory(d.path());
    }
    return S3Location.open((LocationUri.S3Prefix) where, s3.get());
  }

  /** How the user names the location: an absolute directory path, or {@code s3://bkt/prefix/}. */
  String display();

  /** How the user names the archive {@code name} here: a path, or an {@code s3://} URL. */
  String display(String name);

  /** The directory, for a local location: free-space checks and work files go there. */
  Optional<Path> localDirectory();

  /**
   * Every archive directly in the location (no sub-directories; symbolic links are not followed),
   * in no particular order. A location that does not exist yet holds nothing.
   */
  List<StoredObject> list() throws IOException;

  /** The whole archive {@code name}, streamed. */
  InputStream read(String name) throws IOException;

  /**
   * At most {@code length} bytes of {@code name} from {@code offset} on; fewer at its end, none
   * past it. For reading an archive's first member without the rest.
   */
  InputStream readRange(String name, long offset, int length) throws IOException;

  /**
   * The archive {@code name} from its start, fetched in ranges that grow as far as the reader goes:
   * for reading its head without the rest (listing).
   */
  default InputStream readHead(String name) {
    return new RangedInputStream(this, name);
  }

  /**
   * The SHA-256 of {@code name} as the location recorded it, when a read of it has already brought
   * it (an S3 object's metadata comes with every GET); null when not known without a request.
   */
  default String knownSha256(String name) {
    return null;
  }

  /** Whether {@code name} exists. */
  boolean exists(String name) throws IOException;

  /**
   * Starts writing the archive {@code name}. Unless {@code overwrite}, an existing archive of that
   * name fails now with {@link java.nio.file.FileAlreadyExistsException}, and again at commit if
   * one appeared meanwhile.
   */
  Upload create(String name, boolean overwrite) throws IOException;

  /**
   * Starts writing an archive whose name is chosen at commit: the first free of {@code
   * nameForSuffix(1)}, {@code (2)}, {@code (3)}, ...; never replaces an existing archive.
   */
  Upload createAutoNamed(IntFunction<String> nameForSuffix) throws IOException;

  /** Removes the archive {@code name}; nothing happens if it is already gone. */
  void delete(String name) throws IOException;

  /**
   * Removes what vpo processes that no longer run left behind here (temporary files, unfinished
   * uploads) and describes each removal in one line. Never fails: cleaning up must not stop the
   * command that asked for it.
   */
  List<String> cleanStale();

  /** Releases connections and threads. */
  @Override
  void close();
}
