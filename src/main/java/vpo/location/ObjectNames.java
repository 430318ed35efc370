package vpo.location;

import vpo.fs.TempFiles;

/** Rules for archive names inside a location. */
final class ObjectNames {
  private ObjectNames() {}

  /** Refuses names that are not a single plain name. */
  static String check(String name) {
    if (name == null
        || name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0
        || name.length() > 255) {
      throw new IllegalArgumentException("not an archive name: " + name);
    }
    return name;
  }

  /** vpo's own temporary files and uploads, which are never listed as archives. */
  static boolean isTemporary(String name) {
    return name.startsWith(TempFiles.PREFIX);
  }
}
