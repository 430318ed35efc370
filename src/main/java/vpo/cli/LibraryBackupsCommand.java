package vpo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.backup.BackupCatalog;
import vpo.backup.BackupEntry;
import vpo.backup.BackupMetadata;
import vpo.progress.ProgressListener;

@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description = {
      "List the backup archives you have, newest first; --verify checks each one fully.",
      "Archives whose metadata cannot be read are listed and marked, never hidden."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library backups",
      "  vpo library backups --path /mnt/usb/vpo --json",
      "  vpo library backups --verify            exits 3 if any archive is corrupt",
      "  vpo library backups prune --keep-daily 7 --keep-weekly 4 --dry-run"
    })
final class LibraryBackupsCommand implements Callable<Integer> {
  private final Session session;

  @Option(
      names = "--path",
      paramLabel = "DIR",
      description = "The directory to look in (default: the backup directory).")
  Path path;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  @Option(
      names = "--verify",
      description = "Fully validate every archive (checksums, quick_check); exit 3 if any is bad.")
  boolean verify;

  LibraryBackupsCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    Path dir =
        path != null ? session.environment().cwd().resolve(path) : session.paths().backupDir();
    BackupCatalog catalog = new BackupCatalog(dir);
    List<BackupEntry> entries = catalog.list();
    List<BackupCatalog.Verification> checks = new ArrayList<>();
    if (verify) {
      ProgressListener progress = TerminalProgress.forSession(session, json);
      for (BackupEntry e : entries) {
        checks.add(catalog.verify(e, progress));
      }
    }
    boolean corrupt = checks.stream().anyMatch(c -> !c.valid());
    long total = entries.stream().mapToLong(BackupEntry::archiveSizeBytes).sum();
    if (json) {
      printJson(catalog, entries, checks, total);
    } else {
      printText(catalog, entries, checks, total);
    }
    return corrupt ? ExitCodes.INVALID_ARCHIVE : ExitCodes.OK;
  }

  private void printJson(
      BackupCatalog catalog,
      List<BackupEntry> entries,
      List<BackupCatalog.Verification> checks,
      long total) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("directory", catalog.directory().toString());
    doc.put("total_count", entries.size());
    doc.put("total_size_bytes", total);
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      BackupEntry e = entries.get(i);
      BackupMetadata m = e.metadata();
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("filename", e.filename());
      b.put("path", e.path().toString());
      b.put("created_at", Output.isoTime(e.createdAt()));
      b.put("archive_size_bytes", e.archiveSizeBytes());
      b.put("database_size_bytes", m == null ? null : m.databaseSizeBytes());
      b.put("file_count", m == null ? null : m.fileCount());
      b.put("schema_version", m == null ? null : m.schemaVersion());
      b.put("readable", e.readable());
      b.put("kind", e.kind().label());
      b.put("vpo_version", m == null ? null : m.vpoVersion());
      if (!e.readable()) {
        b.put("problem", e.problem());
      }
      if (verify) {
        BackupCatalog.Verification c = checks.get(i);
        b.put("valid", c.valid());
        b.put("problem", c.problem());
      }
      list.add(b);
    }
    doc.put("backups", list);
    Output.printJson(session.environment().out(), doc);
  }

  private void printText(
      BackupCatalog catalog,
      List<BackupEntry> entries,
      List<BackupCatalog.Verification> checks,
      long total) {
    var out = session.environment().out();
    if (entries.isEmpty()) {
      out.println("No backups in " + catalog.directory() + ".");
      out.println("Make one with: vpo library backup");
      return;
    }
    out.println("Backups in " + catalog.directory() + ":");
    out.println();
    out.println(
        String.format(
            "  %-20s %9s %10s %6s  %-13s %s%s",
            "CREATED", "SIZE", "FILES", "SCHEMA", "KIND", "FILE", verify ? "  CHECK" : ""));
    for (int i = 0; i < entries.size(); i++) {
      BackupEntry e = entries.get(i);
      BackupMetadata m = e.metadata();
      String check = "";
      if (verify) {
        BackupCatalog.Verification c = checks.get(i);
        check = c.valid() ? "  ok" : "  CORRUPT: " + c.problem();
      }
      if (m == null) {
        out.println(
            String.format(
                "! %-20s %9s %10s %6s  %-13s %s%s",
                Output.time(e.createdAt()),
                Output.size(e.archiveSizeBytes()),
                "?",
                "?",
                "unreadable",
                e.filename(),
                check));
        out.println("    cannot read metadata: " + e.problem());
      } else {
        out.println(
            String.format(
                "  %-20s %9s %10s %6s  %-13s %s%s",
                Output.time(e.createdAt()),
                Output.size(e.archiveSizeBytes()),
                Output.count(m.fileCount()),
                m.schemaVersion(),
                e.kind().label(),
                e.filename(),
                check));
      }
    }
    out.println();
    long bad = checks.stream().filter(c -> !c.valid()).count();
    out.println(
        entries.size()
            + " backup"
            + (entries.size() == 1 ? "" : "s")
            + ", "
            + Output.size(total)
            + (verify ? "; " + (bad == 0 ? "all valid" : bad + " corrupt") : ""));
  }
}
