package vpo.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command hierarchy, and the picocli model of just as much of it as one run needs.
 *
 * <p>picocli builds a command's model by reflection over its annotations, which before the JIT has
 * warmed up costs milliseconds per command. A run names one command, so only that branch is built:
 * {@code vpo library backup} builds {@code vpo}, {@code library} and {@code backup}, not the seven
 * others. Where the arguments stop at a parent ({@code vpo library --help}, a mistyped subcommand)
 * everything below it is built, so usage lists it all and picocli's errors are those of the whole
 * tree.
 */
final class CommandTree {
  /** Each parent's subcommands, in the order usage lists them. */
  private static final Map<Class<?>, List<Class<?>>> CHILDREN =
      Map.of(
          VpoCommand.class,
          List.of(InitCommand.class, LibraryCommand.class, CompletionCommand.class),
          LibraryCommand.class,
          List.of(
              LibraryBackupCommand.class,
              LibraryRestoreCommand.class,
              LibraryBackupsCommand.class,
              LibraryInfoCommand.class,
              LibraryVerifyCommand.class,
              LibraryOptimizeCommand.class,
              LibraryScheduleCommand.class,
              LibraryKeyCommand.class),
          LibraryBackupsCommand.class,
          List.of(
              LibraryBackupsPruneCommand.class,
              LibraryBackupsCopyCommand.class,
              LibraryBackupsDiffCommand.class),
          LibraryKeyCommand.class,
          List.of(LibraryKeyGenerateCommand.class),
          LibraryScheduleCommand.class,
          List.of(
              LibraryScheduleEnableCommand.class,
              LibraryScheduleStatusCommand.class,
              LibraryScheduleDisableCommand.class));

  private CommandTree() {}

  /** All of the tree under {@code root}: what completion scripts and man pages describe. */
  static CommandLine whole(Object root, CommandLine.IFactory factory) {
    return forArgs(root, factory, new String[0]);
  }

  /** The tree under {@code root} as far as {@code args} need it; all of it for no arguments. */
  static CommandLine forArgs(Object root, CommandLine.IFactory factory, String[] args) {
    CommandLine top = new CommandLine(root, factory);
    CommandLine current = top;
    int i = 0;
    while (CHILDREN.containsKey(current.getCommand().getClass())) {
      String next = null;
      while (i < args.length) {
        String arg = args[i++];
        if (arg.equals("--")) {
          break;
        }
        if (arg.startsWith("-") && arg.length() > 1) {
          i += takesSeparateValue(current, arg) ? 1 : 0;
          continue;
        }
        next = arg;
        break;
      }
      Class<?> match = next == null ? null : childNamed(current, next);
      if (match == null) {
        addAllBelow(current, factory);
        break;
      }
      CommandLine child = create(match, factory);
      current.addSubcommand(child);
      current = child;
    }
    return top;
  }

  /** Every subcommand name and alias of {@code command}'s class, as declared. */
  private static List<String> names(Class<?> command) {
    Command c = command.getAnnotation(Command.class);
    String[] all = Arrays.copyOf(c.aliases(), c.aliases().length + 1);
    all[all.length - 1] = c.name();
    return List.of(all);
  }

  private static Class<?> childNamed(CommandLine parent, String name) {
    for (Class<?> child : CHILDREN.get(parent.getCommand().getClass())) {
      if (names(child).contains(name)) {
        return child;
      }
    }
    return null;
  }

  /** True for {@code --opt VALUE}: an option that needs a value, not given as {@code --opt=V}. */
  private static boolean takesSeparateValue(CommandLine command, String arg) {
    if (arg.contains("=")) {
      return false;
    }
    OptionSpec option = command.getCommandSpec().findOption(arg);
    return option != null && option.arity().min() > 0;
  }

  private static void addAllBelow(CommandLine parent, CommandLine.IFactory factory) {
    List<Class<?>> children = CHILDREN.get(parent.getCommand().getClass());
    if (children == null) {
      return;
    }
    for (Class<?> child : children) {
      CommandLine sub = create(child, factory);
      parent.addSubcommand(sub);
      addAllBelow(sub, factory);
    }
  }

  private static CommandLine create(Class<?> command, CommandLine.IFactory factory) {
    try {
      return new CommandLine(factory.create(command), factory);
    } catch (Exception e) {
      throw new CommandLine.InitializationException("cannot create " + command.getName(), e);
    }
  }
}
