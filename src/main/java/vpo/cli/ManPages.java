package vpo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages (section 1, troff {@code man} macros), one per command, written from the same command
 * model {@code --help} prints: name and summary, synopsis, description, arguments, options,
 * subcommands, the examples and notes of the footer, and the pages around it. The build runs {@link
 * #main} to write them into {@code target/man/man1}.
 */
public final class ManPages {
  private ManPages() {}

  /** Writes every page into the directory {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    for (Map.Entry<String, String> page : pages().entrySet()) {
      Files.writeString(dir.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** Every page, by file name ({@code vpo-library-backup.1}), the whole tree in order. */
  static Map<String, String> pages() {
    Session session = new Session(Environment.quiet(Map.of(), Path.of("/nonexistent")));
    CommandLine root = CommandTree.whole(new VpoCommand(session), new Cli.Factory(session));
    Map<String, String> pages = new LinkedHashMap<>();
    add(root, pages);
    return pages;
  }

  private static void add(CommandLine command, Map<String, String> pages) {
    pages.put(fileName(command.getCommandSpec()), page(command));
    for (CommandLine sub : command.getSubcommands().values()) {
      add(sub, pages);
    }
  }

  private static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  static String fileName(CommandSpec spec) {
    return pageName(spec) + ".1";
  }

  private static String page(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    String version = VpoCommand.Version.number();
    StringBuilder t = new StringBuilder();
    t.append(".TH ")
        .append(quote(pageName(spec).toUpperCase(java.util.Locale.ROOT)))
        .append(" 1 \"\" ")
        .append(quote("vpo " + version))
        .append(" \"vpo manual\"\n")
        // Option names are never hyphenated, and lines are not stretched to the margin.
        .append(".nh\n.ad l\n");
    String[] description = spec.usageMessage().description();
    t.append(".SH NAME\n")
        .append(escape(pageName(spec)))
        .append(" \\- ")
        .append(escape(description.length > 0 ? description[0] : ""))
        .append('\n');

    t.append(".SH SYNOPSIS\n").append(escapeLine(synopsis(command))).append('\n');

    List<String> paragraphs = HelpLayout.paragraphs(List.of(description));
    if (paragraphs.size() > 1) {
      t.append(".SH DESCRIPTION\n");
      for (String p : paragraphs.subList(1, paragraphs.size())) {
        t.append(p.isBlank() ? ".PP\n" : escapeLine(p) + "\n");
      }
    }

    List<PositionalParamSpec> positionals =
        spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!positionals.isEmpty()) {
      t.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : positionals) {
        t.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
        t.append(escapeLine(String.join(" ", p.description()))).append('\n');
      }
    }

    List<OptionSpec> options =
        new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
    options.sort(Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "")));
    if (!options.isEmpty()) {
      t.append(".SH OPTIONS\n");
      for (OptionSpec o : options) {
        t.append(".TP\n");
        List<String> names = new ArrayList<>();
        for (String name : o.names()) {
          names.add("\\fB" + escape(name) + "\\fR");
        }
        t.append(String.join(", ", names));
        if (o.arity().max() > 0 && !o.type().equals(boolean.class)) {
          t.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
        }
        t.append('\n').append(escapeLine(description(o))).append('\n');
      }
    }

    if (!command.getSubcommands().isEmpty()) {
      t.append(".SH COMMANDS\n");
      for (CommandLine sub : command.getSubcommands().values()) {
        CommandSpec s = sub.getCommandSpec();
        t.append(".TP\n\\fB").append(escape(s.name())).append("\\fR\n");
        String[] d = s.usageMessage().description();
        t.append(escapeLine(d.length > 0 ? d[0] : ""))
            .append(" See \\fB")
            .append(escape(pageName(s)))
            .append("\\fR(1).\n");
      }
    }

    footer(spec.usageMessage().footer(), t);

    t.append(".SH SEE ALSO\n");
    List<String> related = new ArrayList<>();
    if (spec.parent() != null) {
      related.add(pageName(spec.parent()));
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      related.add(pageName(sub.getCommandSpec()));
    }
    if (related.isEmpty()) {
      related.add("vpo");
    }
    List<String> refs = new ArrayList<>();
    for (String r : related) {
      refs.add("\\fB" + escape(r) + "\\fR(1)");
    }
    t.append(String.join(", ", refs)).append('\n');
    return t.toString();
  }

  /** The synopsis as {@code --help} prints it, on one line. */
  private static String synopsis(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    int width = spec.usageMessage().width();
    spec.usageMessage().width(10_000);
    try {
      return command.getHelp().synopsis(0).strip();
    } finally {
      spec.usageMessage().width(width);
    }
  }

  private static String description(OptionSpec o) {
    String text = String.join(" ", o.description());
    String value = o.defaultValue();
    return text.replace("${DEFAULT-VALUE}", value == null ? "" : value);
  }

  /** The footer: examples as literal lines under EXAMPLES, other text as paragraphs. */
  private static void footer(String[] footer, StringBuilder t) {
    boolean inExamples = false;
    for (String line : HelpLayout.paragraphs(List.of(footer))) {
      if (line.isBlank()) {
        if (inExamples) {
          t.append(".fi\n");
          inExamples = false;
        }
        continue;
      }
      if (line.equals("Examples:")) {
        t.append(".SH EXAMPLES\n.nf\n");
        inExamples = true;
      } else if (inExamples) {
        t.append(escapeLine(line.strip())).append('\n');
      } else {
        t.append(".SH NOTES\n").append(escapeLine(line)).append('\n');
      }
    }
    if (inExamples) {
      t.append(".fi\n");
    }
  }

  private static String quote(String text) {
    return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
  }

  /** Text for troff: backslashes and minus signs escaped. */
  static String escape(String text) {
    return text.replace("\\", "\\e").replace("-", "\\-");
  }

  /** A line of text for troff: a leading period or quote would read as a request. */
  static String escapeLine(String text) {
    String e = escape(text);
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
