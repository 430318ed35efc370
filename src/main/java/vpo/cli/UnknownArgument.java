package vpo.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Says what was wrong with an argument picocli could not place, and which command or option was
 * probably meant: {@code vpo libary backup} gets "did you mean 'library'?", as git does.
 */
final class UnknownArgument {
  private UnknownArgument() {}

  /** The one-line message for {@code e}. */
  static String describe(UnmatchedArgumentException e) {
    List<String> unmatched = e.getUnmatched();
    if (unmatched.isEmpty() || unmatched.get(0) == null) {
      return e.getMessage();
    }
    String arg = unmatched.get(0);
    CommandLine cmd = e.getCommandLine();
    CommandSpec spec = cmd.getCommandSpec();
    String command = spec.qualifiedName(" ");
    if (e.isUnknownOption()) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      List<String> names = new ArrayList<>();
      for (OptionSpec option : spec.options()) {
        if (!option.hidden()) {
          names.addAll(List.of(option.names()));
        }
      }
      String nearest = nearest(name, names);
      return command
          + " has no option '"
          + name
          + "'"
          + (nearest != null ? "; did you mean '" + nearest + "'?" : "");
    }
    Map<String, CommandLine> subcommands = spec.subcommands();
    if (subcommands.isEmpty()) {
      return command + " does not take the argument '" + arg + "'";
    }
    String nearest = nearest(arg, subcommands.keySet());
    return command
        + " has no command '"
        + arg
        + "'"
        + (nearest != null
            ? "; did you mean '" + nearest + "'?"
            : "; its commands are " + String.join(", ", subcommands.keySet()));
  }

  /**
   * The candidate {@code typed} most likely stands for: the one it begins, or one or two typing
   * mistakes away (a letter missing, extra, wrong, or two swapped); null when none is close.
   */
  static String nearest(String typed, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String bare = typed.replaceFirst("^-+", "");
    // A beginning counts only when it is one candidate's alone: --keep could be any rule.
    long begun =
        candidates.stream().filter(c -> c.replaceFirst("^-+", "").startsWith(bare)).count();
    for (String candidate : candidates) {
      String c = candidate.replaceFirst("^-+", "");
      int d = bare.length() >= 2 && begun == 1 && c.startsWith(bare) ? 0 : distance(bare, c);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = bare.length() <= 3 ? 1 : 2;
    return bestDistance <= allowed ? best : null;
  }

  /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
