package vpo.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import vpo.VpoException;
import vpo.cli.render.Hints;
import vpo.cli.render.Json;
import vpo.cli.render.Rendering;
import vpo.config.VpoConfig;
import vpo.config.VpoPaths;
import vpo.home.VpoHome;
import vpo.library.Library;
import vpo.schedule.ProcessCommandRunner;
import vpo.schedule.ScheduleException;
import vpo.schedule.Schedules;

/**
 * One run of vpo: the environment, the global flags, and the user's setup that follows from them
 * ({@link VpoHome}), resolved once and on first need so that {@code --version} and {@code --help}
 * touch nothing. The one place results are printed.
 */
final class Session {
  /** The command a schedule runs to start vpo, when not the launcher that started this run. */
  static final String LAUNCHER_ENV = "VPO_LAUNCHER";

  private final Environment environment;
  private final GlobalOptions options = new GlobalOptions();
  private final ErrorHandler errors;
  private VpoHome home;
  private boolean started;
  private Instant startedAt;

  Session(Environment environment) {
    this.environment = environment;
    this.errors = new ErrorHandler(this);
  }

  Environment environment() {
    return environment;
  }

  GlobalOptions options() {
    return options;
  }

  ErrorHandler errors() {
    return errors;
  }

  Instant startedAt() {
    return startedAt;
  }

  VpoHome home() {
    if (home == null) {
      home =
          VpoHome.resolve(
              environment.env(),
              environment.home(),
              environment.cwd(),
              new VpoPaths.Overrides(options.db, options.config, options.logFile),
              VpoCommand.Version.number(),
              this::note);
    }
    return home;
  }

  VpoConfig config() {
    return home().config();
  }

  VpoPaths paths() {
    return home().paths();
  }

  /**
   * Called once before a command runs: first-run setup (unless the command sets up itself), file
   * logging, and removal of temp files of killed vpo processes.
   */
  void start(String command, boolean firstRunSetup, boolean createLibrary) {
    if (started) {
      return;
    }
    started = true;
    startedAt = Instant.now();
    VpoHome h = home();
    if (firstRunSetup) {
      h.setUpFirstRun(createLibrary);
    }
    String level = options.logLevel != null ? options.logLevel : config().logLevel().orElse("info");
    String warning =
        LoggingSetup.start(paths().logFile(), level, options.logJson || config().logJson());
    if (warning != null) {
      warn(warning);
    }
    LoggerFactory.getLogger("vpo")
        .atInfo()
        .addKeyValue("command", command)
        .addKeyValue("library", paths().database())
        .log("command started");
    h.removeStaleTempFiles();
  }

  /** The commands messages suggest, with the options that chose this run's library. */
  Hints hints() {
    List<String> globals = new ArrayList<>();
    if (options.db != null) {
      globals.add("--db");
      globals.add(environment.cwd().resolve(options.db).toAbsolutePath().normalize().toString());
    }
    if (options.config != null) {
      globals.add("--config");
      globals.add(
          environment.cwd().resolve(options.config).toAbsolutePath().normalize().toString());
    }
    return new Hints(globals);
  }

  /** This library's schedule and record of runs. */
  Schedules schedules() {
    return new Schedules(
        paths().database(),
        paths().home(),
        paths().dataDir(),
        environment.env(),
        new ProcessCommandRunner());
  }

  /**
   * How a scheduled job starts vpo: {@code VPO_LAUNCHER} when set, else the launcher that started
   * this run (it passes its own path), else {@code java -jar} on the jar this runs from.
   */
  List<String> launcher() {
    String configured = environment.env().get(LAUNCHER_ENV);
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty("vpo.launcher");
    }
    if (configured != null && !configured.isBlank() && Path.of(configured).isAbsolute()) {
      return List.of(configured);
    }
    try {
      Path code =
          Path.of(Session.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (code.getFileName().toString().endsWith(".jar")) {
        return List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-Xmx192m",
            "-jar",
            code.toString());
      }
    } catch (URISyntaxException | RuntimeException e) {
      LoggerFactory.getLogger(Session.class).debug("cannot locate vpo's jar", e);
    }
    throw new ScheduleException(
        "cannot tell how a schedule should start vpo",
        "run vpo through its launcher (./vpo), or set " + LAUNCHER_ENV + " to its absolute path");
  }

  /** Opens the library for a command (see {@link VpoHome#openLibrary}). */
  Library openLibrary(Library.Mode mode) {
    return home().openLibrary(mode);
  }

  /**
   * Prints a command's result, as JSON on stdout or as text on {@code textOut}, and returns the
   * exit code: 0, or the code of the failure the result stands for, whose {@code Error:} line
   * follows the text.
   */
  int print(Rendering result, boolean json, PrintWriter textOut) {
    VpoException failure = result.failure();
    if (json) {
      Map<String, Object> doc = result.json();
      if (failure != null) {
        // Every failed run's document says so the same way: success false, error, error_code.
        doc.computeIfPresent("success", (key, value) -> false);
        doc.put("error", errors.describe(failure));
        doc.put("error_code", ExitCodes.of(failure).errorCode());
      }
      Json.print(environment.out(), doc);
    } else {
      result.text(textOut);
      textOut.flush();
    }
    return failure == null ? ExitCodes.OK : errors.reportAfterResult(failure, json);
  }

  void warn(String message) {
    environment.err().println("Warning: " + message);
    environment.err().flush();
  }

  void note(String message) {
    environment.err().println(message);
    environment.err().flush();
  }

  String logFileForMessages() {
    try {
      return paths().logFile().toString();
    } catch (RuntimeException e) {
      return "~/.vpo/logs/vpo.log";
    }
  }
}
