package vpo.schedule;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import vpo.testing.ChildProcesses;

/** Awkward paths, a program that reports its arguments, and the stock tools the tests use. */
final class ScheduleFixtures {
  /**
   * Directory names with every character the unit files, the plist and the crontab line treat
   * specially: blanks, quotes, backslash, specifiers, variables, separators, XML and non-ASCII.
   */
  static final String AWKWARD =
      "my lib 'q' \"dq\" back\\slash 50% %n $HOME ${X} ;semi #h &<x> -- ünï→";

  /** Awkward, but a path systemd runs directly: no quotes, backslash or dollar. */
  static final String RUNNABLE = "my vpo 50% %n ;semi #h &<x> -- ünï→ a=b";

  private ScheduleFixtures() {}

  /**
   * An executable at {@code dir/name} that writes each argument it receives followed by a NUL, so
   * that the test sees exactly what arrived.
   */
  static Path argumentPrinter(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path program = dir.resolve(name);
    Files.writeString(program, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    return program;
  }

  /** Runs {@code command} and returns the arguments an {@link #argumentPrinter} reported. */
  static List<String> argumentsReceived(List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    try (ChildProcesses p = new ChildProcesses()) {
      ChildProcesses.Output o = p.run(60, builder);
      if (o.exitCode() != 0) {
        throw new AssertionError(command + " failed: " + o);
      }
      return splitNul(o.out());
    }
  }

  static List<String> splitNul(String out) {
    if (out.isEmpty()) {
      return List.of();
    }
    if (!out.endsWith("\0")) {
      throw new AssertionError("output does not end with NUL: " + out);
    }
    return new ArrayList<>(Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1)));
  }

  /** A job as enable makes it, for {@code program} and a library in an awkward place. */
  static ScheduledBackup backup(Path home, Path library, Path dataDir, Path program, Schedule s) {
    BackupJob job =
        BackupJob.of(
            List.of(program.toString()),
            library,
            library.resolveSibling("my config %h $USER.toml"),
            true,
            List.of("s3://bucket/pre fix", "/mnt/off site/50% $HOME"),
            Map.of(
                "VPO_DATA_DIR", dataDir.toString(),
                "AWS_PROFILE", "backup 'q' \"dq\" back\\slash %i $X",
                "AWS_SECRET_ACCESS_KEY", "not-to-be-written"));
    return ScheduledBackup.of(library, home, dataDir, s, job);
  }

  /** {@code systemd-analyze}, or the test is skipped (Debian's {@code systemd} package has it). */
  static Path systemdAnalyze() {
    Path tool = ProcessCommandRunner.resolve("systemd-analyze", System.getenv("PATH"));
    assumeTrue(
        tool != null,
        "systemd-analyze is not installed (apt-get install systemd); unit files not verified");
    return tool;
  }

  /** Writes {@code text} to {@code file} as UTF-8. */
  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
