package vpo.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script for vpo: commands, options and their values complete"
          + " with Tab.",
      "The one script serves bash and zsh; load it from your shell's startup file."
    },
    footer = {
      "",
      "Examples:",
      "  echo 'source <(vpo completion bash)' >> ~/.bashrc",
      "  echo 'source <(vpo completion zsh)' >> ~/.zshrc",
      "  vpo completion bash > ~/.local/share/bash-completion/completions/vpo"
    })
final class CompletionCommand implements Callable<Integer>, Cli.NeedsNoHome {
  private final Session session;

  @Parameters(
      paramLabel = "SHELL",
      completionCandidates = Shells.class,
      description = "bash or zsh.")
  Shell shell;

  CompletionCommand(Session session) {
    this.session = session;
  }

  enum Shell {
    bash,
    zsh
  }

  /** What completion offers for SHELL. */
  static final class Shells extends java.util.ArrayList<String> {
    Shells() {
      super(List.of("bash", "zsh"));
    }
  }

  @Override
  public Integer call() {
    CommandLine all = CommandTree.whole(new VpoCommand(session), new Cli.Factory(session));
    // picocli's script runs in zsh too (through bashcompinit), so both shells get the same one.
    session.environment().out().print(AutoComplete.bash("vpo", all));
    session.environment().out().flush();
    return 0;
  }
}
