package vpo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import vpo.cli.render.Rendering;

/**
 * A command that reports: it parses its flags, calls the domain, and returns the result's {@link
 * Rendering}; the session prints it, as text or as one JSON document, and maps it to the exit code.
 * A command never prints its result itself, so there is always exactly one document.
 */
abstract class ReportingCommand implements Callable<Integer> {
  protected final Session session;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  ReportingCommand(Session session) {
    this.session = session;
  }

  /** Does the command's work. */
  abstract Rendering run() throws Exception;

  /** Where the text goes: standard output, unless the command needs that for something else. */
  PrintWriter textOut() {
    return session.environment().out();
  }

  @Override
  public final Integer call() throws Exception {
    return session.print(run(), json, textOut());
  }
}
