package vpo.cli;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import vpo.VpoException;
import vpo.cli.render.Json;

/**
 * Prints every failure as one {@code Error:} line on stderr (or one JSON document under {@code
 * --json}) and returns its exit code. Stack traces go to the log only.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final Session session;

  ErrorHandler(Session session) {
    this.session = session;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    return report(e, jsonRequested(parseResult));
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    boolean json = Arrays.asList(args).contains("--json");
    int code = report(e, json);
    if (!json) {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("Usage: " + usageSynopsis(cmd));
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
      cmd.getErr().flush();
    }
    return code;
  }

  /** Reports {@code e} and returns its exit code. */
  int report(Throwable e, boolean json) {
    Throwable cause = unwrap(e);
    ExitCodes.Code code = ExitCodes.of(cause);
    String line = log(cause, code);
    Environment env = session.environment();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", false);
      doc.put("error", line);
      doc.put("error_code", code.errorCode());
      if (cause instanceof VpoException v) {
        doc.putAll(v.details());
      }
      Json.print(env.out(), doc);
    } else if (cause instanceof DeclinedException d && d.answered()) {
      // The user said no: what happened, not an error.
      env.err().println(line);
      env.err().flush();
    } else {
      printLine(line);
    }
    return code.exit();
  }

  /**
   * Reports the failure a printed result stands for (a damaged library, a corrupt archive): its
   * {@code Error:} line after the text, nothing more under {@code --json}, whose document already
   * says it. Returns its exit code.
   */
  int reportAfterResult(VpoException failure, boolean json) {
    ExitCodes.Code code = ExitCodes.of(failure);
    String line = log(failure, code);
    if (!json) {
      printLine(line);
    }
    return code.exit();
  }

  private String log(Throwable cause, ExitCodes.Code code) {
    String line = describe(cause);
    Logger log = LoggerFactory.getLogger("vpo");
    if (code.errorCode().equals("internal_error")) {
      log.error("unexpected failure", cause);
    } else {
      boolean declined = cause instanceof DeclinedException;
      (declined ? log.atInfo() : log.atWarn())
          .addKeyValue("exit_code", code.exit())
          .addKeyValue("error_code", code.errorCode())
          .setCause(log.isDebugEnabled() ? cause : null)
          .log(declined ? "command declined: {}" : "command failed: {}", line);
    }
    return line;
  }

  private void printLine(String line) {
    Environment env = session.environment();
    env.err().println("Error: " + line);
    env.err().flush();
  }

  /** One line: the cause, then the fix where there is one. */
  String describe(Throwable e) {
    String message;
    if (e instanceof VpoException v) {
      message = v.getMessage() + (v.hint() != null ? "; " + session.hints().inText(v.hint()) : "");
    } else if (e instanceof CommandLine.UnmatchedArgumentException u) {
      message = UnknownArgument.describe(u);
    } else if (e instanceof ParameterException) {
      message = e.getMessage();
    } else if (e instanceof OutOfMemoryError) {
      message = "vpo ran out of memory; see the log at " + session.logFileForMessages();
    } else {
      message =
          "unexpected "
              + e.getClass().getSimpleName()
              + (e.getMessage() != null ? ": " + e.getMessage() : "")
              + "; details are in the log at "
              + session.logFileForMessages();
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** The one-line description of {@code e} as it would be reported. */
  String describeFailure(Throwable e) {
    return describe(unwrap(e));
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException
            || t instanceof UncheckedIOException
            || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean jsonRequested(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--json")) {
        return true;
      }
    }
    return false;
  }

  private static String usageSynopsis(CommandLine cmd) {
    return HelpLayout.synopsis(cmd.getHelp(), "Usage: ".length()).strip();
  }
}
