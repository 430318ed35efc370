package vpo.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Builds the command line for one run and executes it. */
public final class Cli {
  private final Environment environment;

  public Cli(Environment environment) {
    this.environment = environment;
  }

  /** Runs {@code args} and returns the exit code; never throws. */
  public int run(String... args) {
    Session session = new Session(environment);
    ErrorHandler errors = session.errors();
    try {
      Factory factory = new Factory(session);
      CommandLine cmd = CommandTree.forArgs(new VpoCommand(session), factory, args);
      HelpLayout.apply(cmd, HelpLayout.width(environment.env()));
      cmd.setOut(environment.out());
      cmd.setErr(environment.err());
      cmd.setCaseInsensitiveEnumValuesAllowed(true);
      cmd.setExecutionExceptionHandler(errors);
      cmd.setParameterExceptionHandler(errors);
      cmd.setExecutionStrategy(
          parseResult -> {
            Integer helped = CommandLine.executeHelpRequest(parseResult);
            if (helped != null) {
              return helped;
            }
            List<CommandLine> chain = parseResult.asCommandLineList();
            CommandLine last = chain.get(chain.size() - 1);
            Object leaf = last.getCommand();
            if (!(leaf instanceof ParentCommand) && !(leaf instanceof NeedsNoHome)) {
              try {
                session.start(
                    last.getCommandSpec().qualifiedName(" "),
                    !(leaf instanceof SetsUpItself),
                    !(leaf instanceof BringsTheLibrary));
              } catch (RuntimeException e) {
                // Through the error handler: picocli prints the stack trace of anything else.
                throw new CommandLine.ExecutionException(last, e.getMessage(), e);
              }
            }
            int code = new CommandLine.RunLast().execute(parseResult);
            if (session.startedAt() != null) {
              // The outcome of a run that fails by exception is logged by the error handler.
              LoggerFactory.getLogger("vpo")
                  .atInfo()
                  .addKeyValue("exit_code", code)
                  .addKeyValue(
                      "duration_seconds",
                      Duration.between(session.startedAt(), Instant.now()).toMillis() / 1000.0)
                  .log("command finished");
            }
            return code;
          });
      int code = cmd.execute(args);
      environment.out().flush();
      environment.err().flush();
      return code;
    } catch (RuntimeException | Error e) {
      return errors.report(e, Arrays.asList(args).contains("--json"));
    }
  }

  /** Commands with subcommands only; running one alone prints its usage. */
  interface ParentCommand {}

  /** Commands that only print what vpo is (completion): no setup, no log, nothing touched. */
  interface NeedsNoHome {}

  /** Commands that create the data directory themselves, so first-run setup must not. */
  interface SetsUpItself {}

  /**
   * Commands that put a library in place (restore): first-run setup must not create an empty one
   * there, which the command would then have to ask about replacing.
   */
  interface BringsTheLibrary {}

  /** Hands the session to every command that takes one. */
  record Factory(Session session) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(Session.class).newInstance(session);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
