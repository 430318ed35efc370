package vpo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
    name = "vpo",
    mixinStandardHelpOptions = true,
    versionProvider = VpoCommand.Version.class,
    description = "Care for the VPO library database: back it up, restore it, check it.",
    footer = {
      "",
      "Examples:",
      "  vpo library backup                 back up the library to ~/.vpo/backups",
      "  vpo library backups                list the backups you have",
      "  vpo library restore FILE           restore one; the current library is saved first",
      "",
      "Exit codes: 0 ok, 1 failure or declined, 2 bad command line, 3 invalid archive,",
      "4 library in use, 5 not enough disk space, 6 incompatible schema, 130 interrupted."
    })
final class VpoCommand implements Callable<Integer>, Cli.ParentCommand {
  private final Session session;
  @Spec CommandSpec spec;

  VpoCommand(Session session) {
    this.session = session;
  }

  @Option(
      names = "--db",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description = "The library database (default: ~/.vpo/library.db, or VPO_DATABASE_PATH).")
  void db(Path value) {
    session.options().db = value;
  }

  @Option(
      names = "--config",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description = "The config file (default: ~/.vpo/config.toml).")
  void config(Path value) {
    session.options().config = value;
  }

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      scope = ScopeType.INHERIT,
      converter = LogLevels.Converter.class,
      completionCandidates = LogLevels.class,
      description = "debug, info, warning or error (default: info).")
  void logLevel(String value) {
    session.options().logLevel = value;
  }

  @Option(
      names = "--log-file",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description = "Where to log (default: ~/.vpo/logs/vpo.log).")
  void logFile(Path value) {
    session.options().logFile = value;
  }

  @Option(
      names = "--log-json",
      scope = ScopeType.INHERIT,
      description = "Write the log as JSON lines.")
  void logJson(boolean value) {
    session.options().logJson = value;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(session.environment().out());
    return 0;
  }

  /** The version from the build, read without touching anything else. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vpo " + number()};
    }

    static String number() {
      try (InputStream in = VpoCommand.class.getResourceAsStream("/vpo/version.properties")) {
        Properties p = new Properties();
        if (in != null) {
          p.load(in);
        }
        return p.getProperty("version", "unknown");
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
