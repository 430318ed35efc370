package vpo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpo.cli.render.Fields;
import vpo.cli.render.Rendering;
import vpo.crypto.Identity;
import vpo.crypto.Recipient;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Make a new key for encrypted backups and print its public key (the recipient).",
      "The key file is private (0600) and never replaces one that exists. Keep a copy of it"
          + " somewhere other than this machine: without it, encrypted backups cannot be restored."
    },
    footer = {
      "",
      "Examples:",
      "  vpo library key generate                    writes ~/.vpo/backup-key.txt",
      "  vpo library backup --recipient age1...      a backup only that key opens",
      "  age -d -i ~/.vpo/backup-key.txt F.tar.gz.age | tar xzf -    without vpo"
    })
final class LibraryKeyGenerateCommand extends ReportingCommand {
  /** Where a new key goes unless -o says otherwise, in the data directory. */
  static final String DEFAULT_FILE = "backup-key.txt";

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description = "The key file to write (default: backup-key.txt in the data directory).")
  Path output;

  LibraryKeyGenerateCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    Path file =
        output != null
            ? session.environment().cwd().resolve(output).toAbsolutePath().normalize()
            : session.paths().dataDir().resolve(DEFAULT_FILE);
    Recipient recipient = Identity.generate(file);
    return new Fields(12)
        .jsonOnly("success", true)
        .field("key_file", file.toString(), "Key file", file.toString())
        .field("recipient", recipient.value(), "Public key", recipient.value())
        .textLine(
            "Keep a copy of "
                + file
                + " somewhere other than this machine: without it, backups encrypted to this key"
                + " cannot be restored.");
  }
}
