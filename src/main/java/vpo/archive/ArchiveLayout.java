package vpo.archive;

/** Entry names and limits of backup archive format 1 (ARCHIVE-FORMAT.md). */
public final class ArchiveLayout {
  /** First entry: the backup's metadata, so listing reads only the head of an archive. */
  public static final String METADATA_ENTRY = "backup_metadata.json";

  /** Second entry: the consistent snapshot of the library. */
  public static final String DATABASE_ENTRY = "library.db";

  /** Larger metadata entries are refused without being read into memory. */
  public static final int MAX_METADATA_SIZE = 1 << 20;

  /** Permission bits of both entries: the database holds the paths of the user's collection. */
  static final int ENTRY_MODE = 0600;

  private ArchiveLayout() {}
}
