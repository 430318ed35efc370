package vpo.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Asks before destructive work, and never guesses when nobody can answer. */
final class Prompt {
  private Prompt() {}

  /**
   * Returns normally when the user confirms. Throws {@link DeclinedException} when they decline, or
   * when they cannot be asked (no terminal, or {@code --json}) and did not pass {@code --yes}.
   */
  static void confirm(Session session, String question, boolean yes, boolean json, String action) {
    if (yes) {
      return;
    }
    Environment env = session.environment();
    if (json) {
      throw DeclinedException.cannotAsk(
          action + " needs confirmation, and --json never prompts", "pass --yes to confirm");
    }
    if (!env.stdinTerminal()) {
      throw DeclinedException.cannotAsk(
          action + " needs confirmation, and standard input is not a terminal to ask on",
          "pass --yes to confirm");
    }
    env.err().print(question + " Continue? [y/N] ");
    env.err().flush();
    String answer;
    try {
      answer =
          new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null) {
      env.err().println();
    }
    String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    if (!a.equals("y") && !a.equals("yes")) {
      throw DeclinedException.answeredNo("Not " + action + "; nothing was changed.");
    }
  }
}
