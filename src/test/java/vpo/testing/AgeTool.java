package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code age} and {@code age-keygen} tools (Debian package {@code age}; {@code .ci/run}
 * installs it), as a user without vpo runs them: {@code age-keygen -o}, {@code age -r}, {@code age
 * -d -i}, and {@code age -d | tar xzf -}. Each call runs the tool to completion through {@link
 * ChildProcesses} and fails the test when it fails.
 */
public final class AgeTool {
  private final ChildProcesses children;

  public AgeTool(ChildProcesses children) {
    this.children = children;
  }

  /** Skips the calling test, saying why, when the age tool is not installed. */
  public static void assumeInstalled() {
    assumeTrue(
        onPath("age") && onPath("age-keygen") && onPath("tar"),
        "the age tool is not installed (apt-get install age); .ci/run installs it");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** {@code age-keygen -o key}: a new key; returns its recipient. */
  public String keygen(Path key) {
    run("age-keygen", "-o", key.toString());
    return recipientOf(key);
  }

  /**
   * {@code age-keygen -y key}: the recipient of the key in {@code key}, as the age tool sees it.
   */
  public String recipientOf(Path key) {
    return run("age-keygen", "-y", key.toString()).out().strip();
  }

  /** {@code age [-a] -r R... -o out in}. */
  public Path encrypt(Path in, Path out, boolean armor, String... recipients) {
    List<String> command = new ArrayList<>(List.of("age", "-e"));
    if (armor) {
      command.add("-a");
    }
    for (String r : recipients) {
      command.add("-r");
      command.add(r);
    }
    command.addAll(List.of("-o", out.toString(), in.toString()));
    run(command.toArray(String[]::new));
    return out;
  }

  /** {@code age -R recipientsFile -o out in}. */
  public Path encryptToRecipientsFile(Path in, Path out, Path recipientsFile) {
    run("age", "-e", "-R", recipientsFile.toString(), "-o", out.toString(), in.toString());
    return out;
  }

  /** {@code age -d -i key -o out in}. */
  public Path decrypt(Path key, Path in, Path out) {
    run("age", "-d", "-i", key.toString(), "-o", out.toString(), in.toString());
    return out;
  }

  /** {@code age -d -i key -o out in}, which may fail: what it printed and returned. */
  public ChildProcesses.Output tryDecrypt(Path key, Path in, Path out) {
    return children.run(
        60, List.of("age", "-d", "-i", key.toString(), "-o", out.toString(), in.toString()));
  }

  /**
   * {@code age -d -i key archive | tar xzf - -C dir}, the recovery the README promises on a machine
   * without vpo; returns the directory.
   */
  public Path decryptAndExtract(Path key, Path archive, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ChildProcesses.Output o =
        children.run(
            120,
            List.of(
                "bash",
                "-c",
                "set -o pipefail; age -d -i \"$1\" \"$2\" | tar xzf - -C \"$3\"",
                "bash",
                key.toString(),
                archive.toString(),
                dir.toString()));
    assertThat(o.exitCode()).as("age -d | tar xzf -: %s", o).isZero();
    return dir;
  }

  private ChildProcesses.Output run(String... command) {
    ChildProcesses.Output o = children.run(120, List.of(command));
    assertThat(o.exitCode()).as("%s: %s", String.join(" ", command), o).isZero();
    return o;
  }
}
