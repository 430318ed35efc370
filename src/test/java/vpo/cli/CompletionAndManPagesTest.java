package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertNoStackTrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vpo.testing.ChildProcesses;
import vpo.testing.TestHome;

/**
 * {@code vpo completion bash|zsh} prints a script that really completes vpo's commands, options and
 * values in bash; the man pages describe every command of the same tree, and groff reads them
 * without a warning.
 */
class CompletionAndManPagesTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  private Path script() throws Exception {
    TestHome home = new TestHome(tmp);
    TestHome.Result r = home.run("completion", "bash");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(home.dataDir()).as("completion touches nothing").doesNotExist();
    return Files.writeString(tmp.resolve("vpo-completion.bash"), r.out());
  }

  /** What bash offers after {@code line} (which ends where Tab is pressed), from the script. */
  private List<String> complete(Path script, String line) {
    List<String> words = new ArrayList<>(List.of(line.split(" ", -1)));
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append("'");
    }
    String program =
        "source '"
            + script
            + "'\nCOMP_WORDS=("
            + array
            + ")\nCOMP_CWORD="
            + (words.size() - 1)
            + "\nCOMP_LINE='"
            + line
            + "'\nCOMP_POINT=${#COMP_LINE}\n_complete_vpo\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    ChildProcesses.Output out = children.run(60, List.of("bash", "-c", program));
    assertThat(out.exitCode()).as(out.toString()).isZero();
    return out.out().lines().filter(l -> !l.isBlank()).map(String::strip).sorted().toList();
  }

  @Test
  void theBashScriptCompletesCommandsOptionsAndValues() throws Exception {
    Path script = script();

    assertThat(complete(script, "vpo lib")).containsExactly("library");
    assertThat(complete(script, "vpo library back")).containsExactly("backup", "backups");
    assertThat(complete(script, "vpo library backups prune --keep-"))
        .containsExactly("--keep-daily", "--keep-last", "--keep-monthly", "--keep-weekly");
    assertThat(complete(script, "vpo --log-level "))
        .containsExactly("debug", "error", "info", "warning");
    assertThat(complete(script, "vpo library schedule enable --every "))
        .containsExactly("daily", "hourly", "weekly");
    assertThat(complete(script, "vpo completion ")).containsExactly("bash", "zsh");
  }

  @Test
  void zshGetsTheSameScriptWhichLoadsBashCompletionThere() throws Exception {
    TestHome home = new TestHome(tmp);

    TestHome.Result bash = home.run("completion", "bash");
    TestHome.Result zsh = home.run("completion", "zsh");

    assertThat(zsh.exitCode()).as(zsh.toString()).isZero();
    assertThat(zsh.out()).isEqualTo(bash.out()).contains("bashcompinit");
  }

  @Test
  void anotherShellIsRefusedWithTheOnesThereAre() {
    TestHome.Result r = new TestHome(tmp).run("completion", "fish");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("fish").contains("bash").contains("zsh");
    assertNoStackTrace(r);
  }

  @Test
  void everyCommandHasAManPageThatGroffReadsCleanly() throws Exception {
    Map<String, String> pages = ManPages.pages();
    List<CommandLine> commands = new ArrayList<>();
    collect(wholeTree(), commands);

    assertThat(pages).hasSize(commands.size());
    for (CommandLine command : commands) {
      CommandLine.Model.CommandSpec spec = command.getCommandSpec();
      String page = pages.get(ManPages.fileName(spec));
      assertThat(page).as(spec.qualifiedName()).isNotNull();
      assertThat(page).startsWith(".TH ").contains(".SH NAME").contains(".SH SYNOPSIS");
      for (var option : spec.options()) {
        for (String name : option.names()) {
          assertThat(page)
              .as("%s in %s", name, spec.qualifiedName())
              .contains(ManPages.escape(name));
        }
      }
      if (List.of(spec.usageMessage().footer()).contains("Examples:")) {
        assertThat(page).contains(".SH EXAMPLES");
      }
      command
          .getSubcommands()
          .values()
          .forEach(
              sub ->
                  assertThat(page)
                      .contains(
                          ManPages.escape(sub.getCommandSpec().qualifiedName("-")) + "\\fR(1)"));
    }

    Path dir = tmp.resolve("man1");
    ManPages.main(new String[] {dir.toString()});
    ChildProcesses.Output groff;
    try {
      List<String> command = new ArrayList<>(List.of("groff", "-man", "-Tutf8", "-ww", "-z"));
      pages.keySet().forEach(name -> command.add(dir.resolve(name).toString()));
      groff = children.run(60, command);
    } catch (RuntimeException e) {
      Assumptions.abort("groff is not installed: " + e.getMessage());
      return;
    }
    assertThat(groff.exitCode()).as(groff.toString()).isZero();
    assertThat(groff.err()).as("groff's warnings").isEmpty();
  }

  private CommandLine wholeTree() {
    Session session = new Session(Environment.quiet(Map.of(), tmp));
    return CommandTree.whole(new VpoCommand(session), new Cli.Factory(session));
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
