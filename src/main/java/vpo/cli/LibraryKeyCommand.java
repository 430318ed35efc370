package vpo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = {
      "Keys for encrypted backups (age, age-encryption.org): a file with your private key, whose"
          + " public key (age1...) backups are encrypted to."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library key generate",
      "  vpo library key generate -o /mnt/usb/vpo-key.txt"
    })
final class LibraryKeyCommand implements Callable<Integer>, Cli.ParentCommand {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
