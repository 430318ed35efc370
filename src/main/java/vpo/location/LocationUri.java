package vpo.location;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where backups live, as the user names it: a local directory, or a prefix in an S3 bucket ({@code
 * s3://BUCKET/PREFIX/}). A string is an S3 location if and only if it starts with {@code s3://}.
 *
 * <p>Three readings, for the three kinds of argument commands take:
 *
 * <ul>
 *   <li>{@link #parseLocation}: the whole string is a location ({@code --path}, {@code --to},
 *       {@code copy_to}); {@code s3://bkt/vpo} and {@code s3://bkt/vpo/} are the same prefix.
 *   <li>{@link #parseDestination}: a location, or one archive in it ({@code -o}). For S3 the last
 *       segment is an archive name when the string does not end in {@code /} and that segment ends
 *       in {@code .tar.gz} or {@code .tar.gz.age}; anything else is a prefix, since a bucket has no
 *       directories to look at. A local path is a directory when it ends in {@code /} or is one.
 *   <li>{@link #parseArchive}: exactly one archive (restore's argument); the last segment is its
 *       name.
 * </ul>
 */
public sealed interface LocationUri permits LocationUri.Directory, LocationUri.S3Prefix {
  /** The scheme that makes a string an S3 location. */
  String S3_SCHEME = "s3://";

  /** The location as the user names it: an absolute directory path, or {@code s3://bkt/prefix/}. */
  String display();

  /** A local directory, absolute and normalised. */
  record Directory(Path path) implements LocationUri {
    @Override
    public String display() {
      return path.toString();
    }
  }

  /**
   * A prefix in an S3 bucket.
   *
   * @param prefix empty (the bucket's top) or ending in {@code /}
   */
  record S3Prefix(String bucket, String prefix) implements LocationUri {
    @Override
    public String display() {
      return S3_SCHEME + bucket + "/" + prefix;
    }
  }

  /**
   * A location and, when the argument named one archive, its name there.
   *
   * @param name the archive's name, or null when the argument named only the location
   */
  record Target(LocationUri location, String name) {
    /** How the user names the archive, or the location when no archive was named. */
    public String display() {
      if (name == null) {
        return location.display();
      }
      return location instanceof Directory d
          ? d.path().resolve(name).toString()
          : location.display() + name;
    }
  }

  /** Whether {@code arg} names an S3 location. */
  static boolean isS3(String arg) {
    return arg.startsWith(S3_SCHEME);
  }

  /** Reads {@code arg} as a location; a relative local path is resolved against {@code cwd}. */
  static LocationUri parseLocation(String arg, Path cwd) {
    if (isS3(arg)) {
      S3Parts p = S3Parts.of(arg);
      String prefix = p.path.isEmpty() || p.path.endsWith("/") ? p.path : p.path + "/";
      return new S3Prefix(p.bucket, prefix);
    }
    return new Directory(local(arg, cwd));
  }

  /** Reads {@code -o}: a location (auto-named archive), or one named archive in a location. */
  static Target parseDestination(String arg, Path cwd) {
    if (isS3(arg)) {
      S3Parts p = S3Parts.of(arg);
      int slash = p.path.lastIndexOf('/');
      String last = p.path.substring(slash + 1);
      if (!last.isEmpty() && isArchiveName(last)) {
        return new Target(new S3Prefix(p.bucket, p.path.substring(0, slash + 1)), last);
      }
      return new Target(parseLocation(arg, cwd), null);
    }
    Path p = local(arg, cwd);
    if (arg.endsWith("/") || Files.isDirectory(p) || p.getFileName() == null) {
      return new Target(new Directory(p), null);
    }
    return new Target(new Directory(p.getParent()), p.getFileName().toString());
  }

  /** Reads an argument naming exactly one archive (restore's). */
  static Target parseArchive(String arg, Path cwd) {
    if (isS3(arg)) {
      S3Parts p = S3Parts.of(arg);
      if (p.path.isEmpty() || p.path.endsWith("/")) {
        throw new InvalidLocationException(
            arg + " names a prefix, not an archive",
            "name the archive, e.g. s3://" + p.bucket + "/vpo/vpo-library-...tar.gz");
      }
      int slash = p.path.lastIndexOf('/');
      return new Target(
          new S3Prefix(p.bucket, p.path.substring(0, slash + 1)), p.path.substring(slash + 1));
    }
    Path p = local(arg, cwd);
    if (p.getFileName() == null) {
      throw new InvalidLocationException(arg + " names a directory, not an archive", null);
    }
    return new Target(new Directory(p.getParent()), p.getFileName().toString());
  }

  /** Whether {@code name} looks like an archive: {@code *.tar.gz} or {@code *.tar.gz.age}. */
  static boolean isArchiveName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".tar.gz") || lower.endsWith(".tar.gz.age");
  }

  private static Path local(String arg, Path cwd) {
    return cwd.resolve(arg).toAbsolutePath().normalize();
  }
}
