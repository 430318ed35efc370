package vpo.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import vpo.testing.AgeTool;

/**
 * The real {@code age} and {@code age-keygen} tools (Debian package {@code age}; {@code .ci/run}
 * installs it), and small helpers for the tests that use them.
 */
final class AgeCli {
  private AgeCli() {}

  /** Skips the calling test, saying why, when the age tool is not installed. */
  static void assumeInstalled() {
    AgeTool.assumeInstalled();
  }

  /** Runs a tool to completion; returns its stderr; fails the test on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    Result result = runAllowingFailure(command);
    assertThat(result.exit()).as("%s: %s", String.join(" ", command), result.stderr()).isZero();
    return result.stderr();
  }

  record Result(int exit, String stderr) {}

  static Result runAllowingFailure(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(devNull())).start();
    byte[] err;
    try (InputStream stderr = process.getErrorStream()) {
      process.getInputStream().close();
      err = stderr.readAllBytes();
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    return new Result(process.exitValue(), new String(err, StandardCharsets.UTF_8));
  }

  private static java.io.File devNull() {
    return new java.io.File("/dev/null");
  }

  /** A new key made by age-keygen at {@code file}; returns its recipient. */
  static String keygen(Path file) throws IOException, InterruptedException {
    run("age-keygen", "-o", file.toString());
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("# public key: ")) {
        return line.substring("# public key: ".length());
      }
    }
    throw new AssertionError("age-keygen wrote no public key line");
  }

  /** {@code length} bytes that do not repeat (incompressible, like an archive's body). */
  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** {@code plain} encrypted by vpo to {@code recipients}. */
  static byte[] encrypt(byte[] plain, String... recipients) throws IOException {
    List<Recipient> parsed = new ArrayList<>();
    for (String r : recipients) {
      parsed.add(Recipient.parse(r));
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = AgeEncryption.encrypt(bytes, parsed)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  /** Decrypts all of {@code encrypted} with vpo. */
  static byte[] decrypt(byte[] encrypted, List<Identity> identities) throws IOException {
    try (InputStream in =
        AgeEncryption.decrypt(
            new java.io.ByteArrayInputStream(encrypted), identities, "test.tar.gz.age")) {
      return in.readAllBytes();
    }
  }
}
