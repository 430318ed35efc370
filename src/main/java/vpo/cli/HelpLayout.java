package vpo.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Lays out {@code --help} for the terminal's width: 80 columns unless {@code COLUMNS} says more
 * (the launcher sets it from the terminal), never fewer than 55.
 *
 * <p>picocli wraps a footer like prose, so an example could be cut in the middle of a path. Here an
 * example is never cut inside a word: its comment goes beside it where the line has room, else on
 * the next line; a command too long for one line continues on the next after a {@code \}, as a
 * shell reads it, breaking before an option so each keeps its value.
 */
final class HelpLayout {
  static final int DEFAULT_WIDTH = 80;
  static final int MINIMUM_WIDTH = 55;
  private static final String INDENT = "  ";
  private static final String COMMENT_INDENT = "      ";
  private static final String CONTINUATION_INDENT = "      ";

  private HelpLayout() {}

  /** The width to lay out help in: {@code COLUMNS}, else 80. */
  static int width(Map<String, String> env) {
    String columns = env.get("COLUMNS");
    if (columns != null) {
      try {
        return Math.max(MINIMUM_WIDTH, Integer.parseInt(columns.strip()));
      } catch (NumberFormatException e) {
        // Not a number: the default.
      }
    }
    return DEFAULT_WIDTH;
  }

  /** Applies {@code width} and the footer layout to {@code top} and every command below it. */
  static void apply(CommandLine top, int width) {
    top.setUsageHelpWidth(width);
    footers(top);
  }

  private static void footers(CommandLine cmd) {
    cmd.getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, HelpLayout::footer);
    cmd.getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpLayout::description);
    cmd.getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::optionList);
    cmd.getHelpSectionMap()
        .put(
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS,
            help -> synopsis(help, help.synopsisHeadingLength()));
    for (CommandLine sub : cmd.getSubcommands().values()) {
      footers(sub);
    }
  }

  /**
   * The synopsis broken only between its parts ({@code [--path=DIR|s3://...]} stays whole), lines
   * after the first aligned under the first option; {@code indent} is the heading's length.
   */
  static String synopsis(Help help, int indent) {
    CommandLine.Model.UsageMessageSpec usage = help.commandSpec().usageMessage();
    int width = usage.width();
    String oneLine;
    usage.width(10_000);
    try {
      oneLine = help.synopsis(indent).strip();
    } finally {
      usage.width(width);
    }
    String name = help.commandSpec().qualifiedName();
    int hanging = indent + name.length() + 1;
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder part = new StringBuilder();
    for (char c : oneLine.toCharArray()) {
      depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
      if (c == ' ' && depth == 0) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    StringBuilder text = new StringBuilder();
    int column = indent;
    boolean lineStart = true;
    for (String p : parts) {
      if (!lineStart && column + 1 + p.length() > width && column > hanging) {
        text.append('\n').append(" ".repeat(hanging));
        column = hanging;
        lineStart = true;
      }
      if (!lineStart) {
        text.append(' ');
        column++;
      }
      text.append(p);
      column += p.length();
      lineStart = false;
    }
    return text.append('\n').toString();
  }

  /**
   * The option list as picocli lays it out, but with each description already broken at spaces to
   * fit its column, so picocli never breaks one inside a path ({@code ~/.vpo/library.} / {@code
   * db}).
   */
  private static String optionList(Help help) {
    CommandLine.Model.CommandSpec spec = help.commandSpec();
    Help.ColorScheme scheme = help.colorScheme();
    int longOptions =
        help.calcLongOptionColumnWidth(spec.options(), spec.positionalParameters(), scheme);
    Help.TextTable table =
        Help.TextTable.forDefaultColumns(scheme, longOptions, spec.usageMessage().width());
    Help.Column description = table.columns()[table.columns().length - 1];
    int room = description.width - description.indent - table.indentWrappedLines;
    Help.IOptionRenderer standard = help.createDefaultOptionRenderer();
    Help.IOptionRenderer wrapping =
        (option, labels, colors) -> {
          List<Help.Ansi.Text[]> rows = new ArrayList<>();
          for (Help.Ansi.Text[] row : standard.render(option, labels, colors)) {
            String text = row[row.length - 1].plainString();
            List<String> pieces = wrap(text, room);
            for (int i = 0; i < pieces.size(); i++) {
              Help.Ansi.Text[] copy = i == 0 ? row.clone() : emptyRow(row.length, colors);
              String indent = i == 0 ? "" : " ".repeat(table.indentWrappedLines);
              copy[copy.length - 1] = colors.text(indent + pieces.get(i));
              rows.add(copy);
            }
          }
          return rows.toArray(Help.Ansi.Text[][]::new);
        };
    Help.Layout layout =
        new Help.Layout(scheme, table, wrapping, help.createDefaultParameterRenderer());
    return help.optionList(layout, help.createDefaultOptionSort(), help.parameterLabelRenderer());
  }

  private static Help.Ansi.Text[] emptyRow(int columns, Help.ColorScheme colors) {
    Help.Ansi.Text[] row = new Help.Ansi.Text[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = colors.text("");
    }
    return row;
  }

  /** The description as prose broken only at spaces (picocli would break s3://... after s3:). */
  private static String description(Help help) {
    StringBuilder text = new StringBuilder();
    int width = help.commandSpec().usageMessage().width();
    for (String paragraph : paragraphs(List.of(help.commandSpec().usageMessage().description()))) {
      for (String line : wrap(paragraph, width)) {
        text.append(line).append('\n');
      }
    }
    return text.toString();
  }

  private static String footer(Help help) {
    String[] lines = help.commandSpec().usageMessage().footer();
    return String.join("\n", footer(List.of(lines), help.commandSpec().usageMessage().width()))
        + (lines.length > 0 ? "\n" : "");
  }

  /**
   * The footer's lines laid out in {@code width}: a line indented by two spaces is an example (a
   * command, then after two or more spaces an optional comment), any other line is prose.
   */
  static List<String> footer(List<String> lines, int width) {
    List<String> out = new ArrayList<>();
    List<String[]> examples = new ArrayList<>();
    for (String line : paragraphs(lines)) {
      if (line.startsWith(INDENT) && !line.isBlank()) {
        String body = line.substring(INDENT.length());
        int gap = commentStart(body);
        examples.add(
            gap < 0
                ? new String[] {body.strip(), ""}
                : new String[] {body.substring(0, gap).strip(), body.substring(gap).strip()});
        continue;
      }
      layOut(examples, width, out);
      examples.clear();
      out.addAll(wrap(line, width));
    }
    layOut(examples, width, out);
    return out;
  }

  /**
   * Prose lines joined into paragraphs, to be wrapped anew: a line that does not end a sentence or
   * a heading ({@code .:!?}) goes on with the next. Blank lines and examples stay as they are.
   */
  static List<String> paragraphs(List<String> lines) {
    List<String> out = new ArrayList<>();
    boolean open = false;
    for (String line : lines) {
      boolean prose = !line.isBlank() && !line.startsWith(INDENT);
      if (prose && open) {
        out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
      } else {
        out.add(line);
      }
      open = prose && !line.strip().matches(".*[.:!?]$");
    }
    return out;
  }

  /** Where the comment begins: after the first run of two or more spaces outside quotes. */
  private static int commentStart(String body) {
    char quote = 0;
    for (int i = 0; i + 1 < body.length(); i++) {
      char c = body.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ' ' && body.charAt(i + 1) == ' ') {
        int j = i;
        while (j < body.length() && body.charAt(j) == ' ') {
          j++;
        }
        return j < body.length() ? i : -1;
      }
    }
    return -1;
  }

  /**
   * A block of examples: comments aligned in the column that puts the most of them on one line with
   * their command; the others get their comment on the next line.
   */
  private static void layOut(List<String[]> examples, int width, List<String> out) {
    if (examples.isEmpty()) {
      return;
    }
    int column = 0;
    int best = -1;
    for (String[] candidate : examples) {
      int c = INDENT.length() + candidate[0].length() + 2;
      int fits = 0;
      for (String[] e : examples) {
        if (!e[1].isEmpty() && oneLine(e, c, width)) {
          fits++;
        }
      }
      if (fits > best || (fits == best && c < column)) {
        best = fits;
        column = c;
      }
    }
    for (String[] e : examples) {
      if (e[1].isEmpty()) {
        out.addAll(command(e[0], width));
      } else if (oneLine(e, column, width)) {
        String start = INDENT + e[0];
        out.add(start + " ".repeat(column - start.length()) + e[1]);
      } else {
        out.addAll(command(e[0], width));
        for (String line : wrap(e[1], width - COMMENT_INDENT.length())) {
          out.add(COMMENT_INDENT + line);
        }
      }
    }
  }

  private static boolean oneLine(String[] example, int column, int width) {
    return INDENT.length() + example[0].length() + 2 <= column
        && column + example[1].length() <= width;
  }

  /**
   * A command on as many lines as it needs: each but the last ends in {@code " \"}, and a break
   * comes only before an option (or a pipe), so an option keeps its value.
   */
  static List<String> command(String command, int width) {
    List<String> lines = new ArrayList<>();
    if (INDENT.length() + command.length() <= width) {
      lines.add(INDENT + command);
      return lines;
    }
    List<String> units = units(command);
    List<String> fewest = fill(units, width);
    // As few lines as the width allows, as even as they can be: never a lone --yes at the end.
    int narrower = width;
    while (narrower > MINIMUM_WIDTH / 2 && fill(units, narrower - 1).size() == fewest.size()) {
      narrower--;
    }
    return fill(units, narrower);
  }

  private static List<String> fill(List<String> units, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(INDENT);
    for (String unit : units) {
      boolean first =
          line.length() == INDENT.length() && lines.isEmpty()
              || line.length() == CONTINUATION_INDENT.length() && !lines.isEmpty();
      if (!first && line.length() + 1 + unit.length() + 2 > width) {
        lines.add(line.append(" \\").toString());
        line = new StringBuilder(CONTINUATION_INDENT);
        first = true;
      }
      line.append(first ? "" : " ").append(unit);
    }
    lines.add(line.toString());
    return lines;
  }

  /** The command in pieces that stay together: an option with its values, a quoted string. */
  private static List<String> units(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ' ') {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
        continue;
      }
      word.append(c);
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    List<String> units = new ArrayList<>();
    for (String w : words) {
      // A lone "-" is a value (standard input or output), not an option.
      boolean startsUnit =
          units.isEmpty() || (w.startsWith("-") && !w.equals("-")) || w.equals("|");
      boolean afterPipe = !units.isEmpty() && units.get(units.size() - 1).equals("|");
      if (startsUnit && !afterPipe) {
        units.add(w);
      } else {
        units.set(units.size() - 1, units.get(units.size() - 1) + " " + w);
      }
    }
    return units;
  }

  /** Prose wrapped at spaces into lines of at most {@code width}, where words allow. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    if (text.length() <= width) {
      lines.add(text);
      return lines;
    }
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
