package vpo.cli;

import picocli.CommandLine.Command;
import vpo.cli.render.InitRenderer;
import vpo.cli.render.Rendering;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create the data directory, a commented default config and an empty library.",
      "Safe to run again: whatever exists is reported and left as it is."
    },
    footer = {"", "Examples:", "  vpo init", "  VPO_DATA_DIR=/srv/vpo vpo init --json"})
final class InitCommand extends ReportingCommand implements Cli.SetsUpItself {
  InitCommand(Session session) {
    super(session);
  }

  @Override
  Rendering run() {
    return InitRenderer.of(session.home().init());
  }
}
