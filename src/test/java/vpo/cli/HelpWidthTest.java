package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vpo.testing.TestHome;

/**
 * Every command's {@code --help} reads well in an 80-column terminal and uses a wider one: no line
 * over the width, no example cut (a long one continues after a {@code \}, breaking only before an
 * option), no path cut anywhere, and the synopsis broken only between its parts.
 */
class HelpWidthTest {
  @TempDir Path tmp;

  /** Every command's name ("library backups prune") and its footer as written. */
  private Map<String, CommandLine> allCommands() {
    Session session = new Session(Environment.quiet(Map.of(), tmp));
    CommandLine root =
        CommandTree.forArgs(new VpoCommand(session), new Cli.Factory(session), new String[0]);
    Map<String, CommandLine> all = new LinkedHashMap<>();
    collect(root, all);
    return all;
  }

  private static void collect(CommandLine command, Map<String, CommandLine> into) {
    String name = command.getCommandSpec().qualifiedName(" ");
    into.put(name.equals("vpo") ? "" : name.substring("vpo ".length()), command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }

  private TestHome.Result help(String command, int columns) {
    TestHome home = new TestHome(tmp).env("COLUMNS", Integer.toString(columns));
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    TestHome.Result r = home.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  /** The examples a footer holds: the command and its comment ("" for none). */
  private static List<String[]> examples(CommandLine command) {
    List<String[]> examples = new ArrayList<>();
    for (String line : command.getCommandSpec().usageMessage().footer()) {
      if (line.startsWith("  ") && !line.isBlank()) {
        String body = line.strip();
        int gap = body.indexOf("  ");
        // A quoted argument may hold two spaces; none of vpo's examples does.
        examples.add(
            gap < 0
                ? new String[] {body, ""}
                : new String[] {body.substring(0, gap), body.substring(gap).strip()});
      }
    }
    return examples;
  }

  /** Every word of the texts that holds a path or location, stripped of prose punctuation. */
  private static List<String> pathWords(CommandLine command) {
    List<String> texts = new ArrayList<>();
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    spec.options().stream()
        .filter(o -> !o.hidden())
        .forEach(o -> texts.addAll(List.of(o.description())));
    List<String> words = new ArrayList<>();
    for (String text : texts) {
      for (String word : text.split("\\s+")) {
        String w = word.replaceAll("^[(\\[']+|[)\\],.;:']+$", "");
        if (w.contains("/") && w.length() > 2) {
          words.add(w);
        }
      }
    }
    return words;
  }

  @Test
  void everyCommandsHelpFitsEightyColumnsWithEveryExampleWhole() {
    for (int width : new int[] {80, 120}) {
      for (Map.Entry<String, CommandLine> command : allCommands().entrySet()) {
        String out = help(command.getKey(), width).out();
        String what = "vpo " + command.getKey() + " --help at " + width + " columns:\n" + out;

        assertThat(out.lines().filter(l -> l.length() > width).toList()).as(what).isEmpty();
        String joined = out.replaceAll(" \\\\\\n\\s+", " ");
        List<String> lines = joined.lines().toList();
        for (String[] example : examples(command.getValue())) {
          String start = "  " + example[0];
          int at = -1;
          for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(start) || lines.get(i).startsWith(start + "  ")) {
              at = i;
            }
          }
          assertThat(at)
              .as("the example '%s' whole on one line in %s", example[0], what)
              .isNotNegative();
          if (!example[1].isEmpty()) {
            String line = lines.get(at);
            String next = at + 1 < lines.size() ? lines.get(at + 1) : "";
            assertThat(line.endsWith("  " + example[1]) || next.equals("      " + example[1]))
                .as("the comment '%s' beside or under its example in %s", example[1], what)
                .isTrue();
          }
        }
        for (String word : pathWords(command.getValue())) {
          assertThat(out).as("'%s' is not cut in %s", word, what).contains(word);
        }
        List<String> synopsis = new ArrayList<>();
        for (String line : out.lines().toList()) {
          if (line.startsWith("Usage: ") || (!synopsis.isEmpty() && line.startsWith("    "))) {
            synopsis.add(line);
          } else if (!synopsis.isEmpty()) {
            break;
          }
        }
        for (String line : synopsis) {
          assertThat(line.chars().filter(c -> c == '[').count())
              .as("the synopsis line '%s' of %s holds whole parts", line, what)
              .isEqualTo(line.chars().filter(c -> c == ']').count());
        }
      }
    }
  }

  @Test
  void aWiderTerminalGetsLongerLinesAndExamplesBesideTheirComments() {
    TestHome.Result narrow = help("library backup", 80);
    TestHome.Result wide = help("library backup", 120);

    int longest = wide.out().lines().mapToInt(String::length).max().orElse(0);
    assertThat(longest).isGreaterThan(80).isLessThanOrEqualTo(120);
    assertThat(narrow.out()).contains("  vpo library backup\n      to ~/.vpo/backups/");
    assertThat(wide.out()).containsPattern("(?m)^  vpo library backup {2,}to ~/\\.vpo/backups/");
    assertThat(wide.out().lines().count()).isLessThan(narrow.out().lines().count());
  }

  @Test
  void aCommandTooLongForTheLineContinuesBeforeAnOptionNeverLeavingOneAlone() {
    String out = help("library backups prune", 80).out();

    assertThat(out)
        .contains(
            "  vpo library backups prune --keep-daily 7 \\\n"
                + "      --keep-weekly 4 --keep-monthly 12 --yes\n");
  }

  @Test
  void withoutColumnsHelpIsEightyWide() {
    TestHome.Result r = new TestHome(tmp).run("library", "backup", "--help");

    assertThat(r.out().lines().mapToInt(String::length).max().orElse(0)).isLessThanOrEqualTo(80);
    assertThat(r.out()).isEqualTo(help("library backup", 80).out());
  }
}
