package vpo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.config.VpoPaths;
import vpo.fs.PrivateFiles;
import vpo.library.Library;
import vpo.library.LibraryException;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create the data directory, a commented default config and an empty library.",
      "Safe to run again: whatever exists is reported and left as it is."
    },
    footer = {"", "Examples:", "  vpo init", "  VPO_DATA_DIR=/srv/vpo vpo init --json"})
final class InitCommand implements Callable<Integer>, Cli.SetsUpItself {
  private final Session session;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  InitCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws IOException {
    VpoPaths p = session.paths();
    boolean dataDir = !session.dataDirExisted();
    PrivateFiles.createDirectories(p.dataDir());
    boolean config = DefaultConfig.writeIfMissing(p.configFile());
    boolean library = !Files.exists(p.database());
    int version;
    if (library) {
      try (Library lib = Library.create(p.database())) {
        version = lib.schemaVersion();
      }
    } else {
      version = Library.peekVersion(p.database());
    }
    boolean backups = !Files.isDirectory(p.backupDir());
    PrivateFiles.createDirectories(p.backupDir());
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", true);
      doc.put("data_dir", p.dataDir().toString());
      doc.put("data_dir_created", dataDir);
      doc.put("config_path", p.configFile().toString());
      doc.put("config_created", config);
      doc.put("database_path", p.database().toString());
      doc.put("database_created", library);
      doc.put("schema_version", version);
      doc.put("backup_dir", p.backupDir().toString());
      doc.put("backup_dir_created", backups);
      Output.printJson(session.environment().out(), doc);
    } else {
      var out = session.environment().out();
      out.println(line("data directory", p.dataDir(), dataDir));
      out.println(line("config", p.configFile(), config));
      out.println(line("library", p.database(), library) + " (schema " + version + ")");
      out.println(line("backups", p.backupDir(), backups));
    }
    if (!library && version > vpo.library.LibrarySchema.CURRENT_VERSION) {
      throw new LibraryException(
          "the library at " + p.database() + " has schema " + version + ", newer than this vpo",
          "upgrade vpo");
    }
    return 0;
  }

  private static String line(String what, Path path, boolean created) {
    return String.format("%-15s %s  %s", what, created ? "created" : "exists ", path);
  }
}
