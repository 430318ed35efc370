package vpo.cli.render;

import java.util.ArrayList;
import java.util.List;
import vpo.ShellQuoting;

/**
 * The vpo commands that messages suggest, runnable as printed: with the same {@code --db} and
 * {@code --config} that chose the library of this run (made absolute), so an undo or a next step
 * acts on that library and not on the default one.
 */
public final class Hints {
  private final List<String> globals;

  /**
   * @param globals the global options that chose the library, e.g. {@code --db /srv/vpo.db}
   */
  public Hints(List<String> globals) {
    this.globals = List.copyOf(globals);
  }

  /** {@code vpo [globals] args...}, quoted for a POSIX shell. */
  public String vpo(String... args) {
    List<String> words = new ArrayList<>();
    words.add("vpo");
    words.addAll(globals);
    words.addAll(List.of(args));
    return ShellQuoting.join(words);
  }

  /**
   * {@code text} with every command it quotes ({@code 'vpo ...'}) given the global options too, for
   * hints written by the domain, which knows nothing of the command line.
   */
  public String inText(String text) {
    if (text == null || globals.isEmpty()) {
      return text;
    }
    return text.replace("'vpo ", "'" + vpo() + " ");
  }
}
