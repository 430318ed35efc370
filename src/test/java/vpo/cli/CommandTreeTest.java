package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The partly built command tree parses every command line exactly as the whole tree does. */
class CommandTreeTest {
  @TempDir Path home;

  private static final List<List<String>> COMMAND_LINES =
      List.of(
          List.of(),
          List.of("--help"),
          List.of("-V"),
          List.of("init"),
          List.of("library"),
          List.of("library", "--help"),
          List.of("library", "bakup"),
          List.of("library", "backup"),
          List.of("library", "backup", "-o", "-", "--level", "9"),
          List.of("--db", "library", "library", "info", "--json"),
          List.of("--db=library", "library", "verify"),
          List.of("--log-file", "backup", "--log-level", "debug", "library", "optimize", "-h"),
          List.of("library", "restore", "backup"),
          List.of("library", "restore", "--", "library"),
          List.of("library", "backups"),
          List.of("library", "backups", "--path", "prune"),
          List.of("library", "backups", "prune", "--keep-last", "3", "--dry-run"),
          List.of("library", "backups", "prune", "--keep-last"),
          List.of("library", "info", "extra"),
          List.of("--db"),
          List.of("--bogus", "library", "info"),
          List.of("nonsense"));

  @Test
  void parsesLikeTheWholeTree() {
    for (List<String> line : COMMAND_LINES) {
      String[] args = line.toArray(String[]::new);
      assertThat(parse(partial(args), args)).as("vpo %s", line).isEqualTo(parse(full(), args));
    }
  }

  @Test
  void buildsOnlyTheBranchTheArgumentsName() {
    CommandLine root = partial("--db", "x.db", "library", "backup", "--json");

    assertThat(root.getSubcommands()).containsOnlyKeys("library");
    assertThat(root.getSubcommands().get("library").getSubcommands()).containsOnlyKeys("backup");
  }

  @Test
  void buildsEverythingBelowAParentTheArgumentsStopAt() {
    CommandLine root = partial("library", "--help");

    assertThat(root.getSubcommands()).containsOnlyKeys("library");
    assertThat(root.getSubcommands().get("library").getSubcommands().keySet())
        .containsExactly(
            "backup", "restore", "backups", "info", "verify", "optimize", "schedule", "key");
    assertThat(
            root.getSubcommands().get("library").getSubcommands().get("backups").getSubcommands())
        .containsOnlyKeys("prune", "copy", "diff");
    assertThat(usage(root.getSubcommands().get("library")))
        .isEqualTo(usage(full().getSubcommands().get("library")));
    assertThat(full().getSubcommands().keySet()).containsExactly("init", "library", "completion");
  }

  /** What picocli made of the arguments: the chain of commands and the options matched. */
  private static String parse(CommandLine root, String[] args) {
    try {
      CommandLine.ParseResult result = root.parseArgs(args);
      List<String> out = new ArrayList<>();
      for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
        out.add(r.commandSpec().qualifiedName());
        r.matchedOptions().forEach(o -> out.add(o.longestName() + "=" + o.getValue()));
        out.add("positional=" + r.matchedPositionals().size() + " unmatched=" + r.unmatched());
      }
      return String.join("\n", out);
    } catch (CommandLine.ParameterException e) {
      return "error in " + e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e;
    }
  }

  private static String usage(CommandLine command) {
    StringWriter text = new StringWriter();
    command.usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
    return text.toString();
  }

  /** The whole tree: with no arguments there is no branch to choose. */
  private CommandLine full() {
    return partial();
  }

  private CommandLine partial(String... args) {
    Session session = session();
    return CommandTree.forArgs(new VpoCommand(session), factory(session), args);
  }

  private Session session() {
    return new Session(Environment.quiet(Map.of(), home));
  }

  private static CommandLine.IFactory factory(Session session) {
    return new Cli.Factory(session);
  }
}
