package vpo.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vpo.VpoException;
import vpo.archive.ArchiveInvalidException;
import vpo.archive.BackupMetadata;
import vpo.catalog.BackupEntry;
import vpo.catalog.Listing;
import vpo.catalog.Verification;
import vpo.crypto.NoIdentityMatchesException;
import vpo.library.SchemaIncompatibleException;

/**
 * {@code vpo library backups}: a table of the archives, newest first, and with {@code --verify} the
 * outcome of each; a failure when any archive is corrupt.
 */
public final class BackupsRenderer implements Rendering {
  private static final String ROW = "%s %-20s %9s %10s %6s  %-13s %s%s";
  private final Listing listing;
  private final Hints hints;

  private BackupsRenderer(Listing listing, Hints hints) {
    this.listing = listing;
    this.hints = hints;
  }

  public static Rendering of(Listing listing, Hints hints) {
    return new BackupsRenderer(listing, hints);
  }

  /**
   * A corrupt archive (exit 3); else an encrypted one no identity given opens (exit 3, {@code
   * cannot_decrypt}); else an intact one this vpo cannot restore (exit 6): {@code --verify} says
   * what a restore of each would do.
   */
  @Override
  public VpoException failure() {
    long bad = listing.corruptCount();
    int all = listing.entries().size();
    if (bad > 0) {
      return new ArchiveInvalidException(
          bad + " of " + all + " archives in " + listing.location() + isAre(bad) + " corrupt");
    }
    long unverified = listing.unverifiedCount();
    if (unverified > 0) {
      String first =
          listing.verifications().stream()
              .filter(Verification::locked)
              .findFirst()
              .orElseThrow()
              .problem();
      return new NoIdentityMatchesException(
          unverified
              + " of "
              + all
              + " archives in "
              + listing.location()
              + (unverified == 1 ? " was" : " were")
              + " not verified: "
              + first);
    }
    long unrestorable = listing.unrestorableCount();
    if (unrestorable > 0) {
      return new SchemaIncompatibleException(
          unrestorable
              + " of "
              + all
              + " archives in "
              + listing.location()
              + isAre(unrestorable)
              + " intact but cannot be restored by this vpo (schema out of range)",
          "restore them with a vpo that supports their schema; the rest are valid");
    }
    return null;
  }

  private static String isAre(long n) {
    return n == 1 ? " is" : " are";
  }

  @Override
  public Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("directory", listing.location());
    doc.put("total_count", listing.entries().size());
    doc.put("total_size_bytes", listing.totalSizeBytes());
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < listing.entries().size(); i++) {
      BackupEntry e = listing.entries().get(i);
      BackupMetadata m = e.metadata();
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("filename", e.filename());
      b.put("path", e.path());
      b.put("created_at", Formats.isoTime(e.createdAt()));
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
      if (e.encrypted()) {
        b.put("encrypted", true);
      }
      if (m != null && m.libraryId() != null) {
        b.put("library_id", m.libraryId());
        b.put("library_path", m.libraryPath());
      }
      if (e.sha256() != null) {
        b.put("sha256", e.sha256());
      }
      if (listing.verified()) {
        Verification v = listing.verifications().get(i);
        if (v.schemaVersion() != null) {
          // The database's own version: what a restore would go by.
          b.put("schema_version", v.schemaVersion());
        }
        b.put("valid", v.valid());
        b.put("restorable", v.restorable());
        b.put("problem", v.problem());
      }
      list.add(b);
    }
    doc.put("backups", list);
    if (listing.otherLibraries() > 0) {
      doc.put("other_libraries_count", listing.otherLibraries());
    }
    if (!listing.otherFiles().isEmpty()) {
      doc.put("other_files", listing.otherFiles());
    }
    return doc;
  }

  @Override
  public void text(PrintWriter out) {
    List<BackupEntry> entries = listing.entries();
    if (entries.isEmpty()) {
      out.println(
          (listing.otherLibraries() > 0 ? "No backups of this library in " : "No backups in ")
              + listing.location()
              + ".");
      others(out);
      out.println("Make one with: " + hints.vpo("library", "backup"));
      return;
    }
    out.println(
        (listing.otherLibraries() > 0 ? "Backups of this library in " : "Backups in ")
            + listing.location()
            + ":");
    out.println();
    out.println(
        String.format(
                ROW,
                " ",
                "CREATED",
                "SIZE",
                "FILES",
                "SCHEMA",
                "KIND",
                "FILE",
                listing.verified() ? "  CHECK" : "")
            + (listing.all() ? "  LIBRARY" : ""));
    for (int i = 0; i < entries.size(); i++) {
      BackupEntry e = entries.get(i);
      BackupMetadata m = e.metadata();
      String check = "";
      Integer schema = m == null ? null : m.schemaVersion();
      if (listing.verified()) {
        Verification v = listing.verifications().get(i);
        schema = v.schemaVersion() != null ? v.schemaVersion() : schema;
        check =
            v.locked()
                ? "  NOT VERIFIED: " + v.problem()
                : !v.valid()
                    ? "  CORRUPT: " + v.problem()
                    : v.restorable() ? "  ok" : "  intact, not restorable: " + v.problem();
      }
      out.println(
          String.format(
                  ROW,
                  m == null ? "!" : " ",
                  Formats.time(e.createdAt()),
                  Formats.size(e.archiveSizeBytes()),
                  m == null ? "?" : Formats.count(m.fileCount()),
                  schema == null ? "?" : schema,
                  m == null ? (e.encrypted() ? "encrypted" : "unreadable") : kind(e),
                  e.filename(),
                  check)
              + (listing.all() ? "  " + library(e) : ""));
      if (m == null && e.problem() != null) {
        out.println("    cannot read metadata: " + e.problem());
      }
    }
    out.println();
    int n = entries.size();
    out.println(
        n
            + " backup"
            + (n == 1 ? "" : "s")
            + ", "
            + Formats.size(listing.totalSizeBytes())
            + (listing.verified() ? "; " + verdict() : ""));
    others(out);
    if (listing.lockedCount() > 0) {
      out.println(
          listing.lockedCount()
              + " encrypted archive"
              + (listing.lockedCount() == 1 ? "" : "s")
              + " listed from the name alone: pass --identity KEYFILE to read "
              + (listing.lockedCount() == 1 ? "it" : "them"));
    }
  }

  /** What is in the location but not listed: other libraries' archives, other files. */
  private void others(PrintWriter out) {
    int other = listing.otherLibraries();
    if (other > 0) {
      out.println(
          other
              + " archive"
              + (other == 1 ? "" : "s")
              + " of other libraries not listed (--all lists them)");
    }
    List<String> files = listing.otherFiles();
    if (!files.isEmpty()) {
      out.println(
          files.size()
              + " other file"
              + (files.size() == 1 ? "" : "s")
              + " not listed: "
              + String.join(", ", files.subList(0, Math.min(5, files.size())))
              + (files.size() > 5 ? ", ..." : ""));
    }
  }

  private static String kind(BackupEntry e) {
    return e.encrypted() ? e.kind().label() + " (enc)" : e.kind().label();
  }

  /** Whose archive it is, for --all: the library's path then, or that it says nothing. */
  private static String library(BackupEntry e) {
    if (!e.readable()) {
      return "?";
    }
    BackupMetadata m = e.metadata();
    if (m.libraryId() == null) {
      return "(no record: the default library's)";
    }
    return m.libraryPath() != null ? m.libraryPath() : m.libraryId();
  }

  private String verdict() {
    long bad = listing.corruptCount();
    long unverified = listing.unverifiedCount();
    long unrestorable = listing.unrestorableCount();
    if (bad == 0 && unverified == 0 && unrestorable == 0) {
      return "all valid";
    }
    List<String> parts = new ArrayList<>();
    if (bad > 0) {
      parts.add(bad + " corrupt");
    }
    if (unverified > 0) {
      parts.add(unverified + " not verified (no identity matches)");
    }
    if (unrestorable > 0) {
      parts.add(unrestorable + " not restorable by this vpo");
    }
    return String.join(", ", parts);
  }
}
