package vpo.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import org.slf4j.LoggerFactory;
import vpo.VpoException;
import vpo.cli.render.Json;
import vpo.cli.render.Rendering;
import vpo.config.VpoConfig;
import vpo.config.VpoPaths;
import vpo.home.VpoHome;
import vpo.library.Library;

/**
 * One run of vpo: the environment, the global flags, and the user's setup that follows from them
 * ({@link VpoHome}), resolved once and on first need so that {@code --version} and {@code --help}
 * touch nothing. The one place results are printed.
 */
final class Session {
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
  void start(String command, boolean firstRunSetup) {
    if (started) {
      return;
    }
    started = true;
    startedAt = Instant.now();
    VpoHome h = home();
    if (firstRunSetup) {
      h.setUpFirstRun();
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
