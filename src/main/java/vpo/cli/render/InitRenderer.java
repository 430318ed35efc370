package vpo.cli.render;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import vpo.VpoException;
import vpo.home.InitReport;
import vpo.library.SchemaIncompatibleException;

/** {@code vpo init}: each part of the setup, created or found. */
public final class InitRenderer implements Rendering {
  private final InitReport r;

  private InitRenderer(InitReport r) {
    this.r = r;
  }

  public static Rendering of(InitReport report) {
    return new InitRenderer(report);
  }

  /** A library newer than vpo: reported, left as it is, and the run fails with exit 6. */
  @Override
  public VpoException failure() {
    return r.librarySupported()
        ? null
        : SchemaIncompatibleException.newerThanSupported(r.schemaVersion());
  }

  @Override
  public void text(PrintWriter out) {
    out.println(line("data directory", r.dataDir(), r.dataDirCreated()));
    out.println(line("config", r.configFile(), r.configCreated()));
    out.println(
        line("library", r.database(), r.databaseCreated()) + " (schema " + r.schemaVersion() + ")");
    out.println(line("backups", r.backupDir(), r.backupDirCreated()));
  }

  @Override
  public Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("success", true);
    doc.put("data_dir", r.dataDir().toString());
    doc.put("data_dir_created", r.dataDirCreated());
    doc.put("config_path", r.configFile().toString());
    doc.put("config_created", r.configCreated());
    doc.put("database_path", r.database().toString());
    doc.put("database_created", r.databaseCreated());
    doc.put("schema_version", r.schemaVersion());
    doc.put("backup_dir", r.backupDir().toString());
    doc.put("backup_dir_created", r.backupDirCreated());
    return doc;
  }

  private static String line(String what, Path path, boolean created) {
    return String.format("%-15s %s  %s", what, created ? "created" : "exists ", path);
  }
}
