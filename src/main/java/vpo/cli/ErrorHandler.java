package vpo.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import vpo.VpoException;

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
    boolean json = java.util.Arrays.asList(args).contains("--json");
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
    String line = describe(cause);
    Logger log = LoggerFactory.getLogger("vpo");
    if (code.errorCode().equals("internal_error")) {
      log.error("unexpected failure", cause);
    } else {
      log.atInfo()
          .addKeyValue("exit_code", code.exit())
          .addKeyValue("error_code", code.errorCode())
          .setCause(log.isDebugEnabled() ? cause : null)
          .log("command failed: {}", line);
    }
    Environment env = session.environment();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("success", false);
      doc.put("error", line);
      doc.put("error_code", code.errorCode());
      Output.printJson(env.out(), doc);
    } else {
      env.err().println("Error: " + line);
      env.err().flush();
    }
    return code.exit();
  }

  /** One line: the cause, then the fix where there is one. */
  String describe(Throwable e) {
    String message;
    if (e instanceof VpoException v) {
      message = v.getMessage() + (v.hint() != null ? "; " + v.hint() : "");
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

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.io.UncheckedIOException
            || t instanceof java.util.concurrent.CompletionException)
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
    return cmd.getHelp().synopsis(0).strip();
  }
}
