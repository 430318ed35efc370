package vpo.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.library.Library;
import vpo.library.LibraryInfo;
import vpo.library.LibraryMaintenance;

@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show the library's location, size, schema and contents.",
    footer = {"", "Examples:", "  vpo library info", "  vpo library info --json --db /srv/vpo.db"})
final class LibraryInfoCommand implements Callable<Integer> {
  private final Session session;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  LibraryInfoCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    LibraryInfo info;
    try (Library library = session.openLibrary(Library.Access.READ)) {
      info = LibraryMaintenance.info(library);
    }
    NewestBackup newest = NewestBackup.find(session);
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("path", info.path().toString());
      doc.put("size_bytes", info.sizeOnDiskBytes());
      doc.put("database_size_bytes", info.databaseBytes());
      doc.put("wal_size_bytes", info.walBytes());
      doc.put("schema_version", info.schemaVersion());
      doc.put("schema_supported", info.schemaSupported());
      doc.put("file_count", info.fileCount());
      doc.put("track_count", info.trackCount());
      doc.put("total_media_size_bytes", info.totalMediaBytes());
      doc.put("page_size", info.pageSize());
      doc.put("page_count", info.pageCount());
      doc.put("free_pages", info.freePages());
      doc.put("journal_mode", info.journalMode());
      doc.put("newest_backup", newest == null ? null : newest.path().toString());
      doc.put("newest_backup_created_at", newest == null ? null : Output.isoTime(newest.created()));
      doc.put(
          "newest_backup_age_seconds",
          newest == null ? null : newest.ageSeconds(session.startedAt()));
      Output.printJson(session.environment().out(), doc);
      return 0;
    }
    var out = session.environment().out();
    out.println("Library:        " + info.path());
    out.println(
        "Size on disk:   "
            + Output.size(info.sizeOnDiskBytes())
            + (info.walBytes() > 0 ? " (WAL " + Output.size(info.walBytes()) + ")" : ""));
    out.println(
        "Schema:         "
            + info.schemaVersion()
            + (info.schemaSupported() ? "" : " (newer than this vpo: read-only)"));
    out.println("Files:          " + Output.count(info.fileCount()));
    out.println("Tracks:         " + Output.count(info.trackCount()));
    out.println("Media size:     " + Output.size(info.totalMediaBytes()));
    out.println(
        "Pages:          "
            + Output.count(info.pageCount())
            + " of "
            + Output.size(info.pageSize())
            + ", "
            + Output.count(info.freePages())
            + " free");
    out.println("Journal mode:   " + info.journalMode());
    out.println(
        "Newest backup:  "
            + (newest == null
                ? "none (make one with: vpo library backup)"
                : newest.path().getFileName()
                    + " ("
                    + Output.age(newest.created(), session.startedAt())
                    + ")"));
    return 0;
  }
}
