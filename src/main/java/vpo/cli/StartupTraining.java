package vpo.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run of every command path in a throwaway home, made once per build by the launcher with {@code
 * -XX:ArchiveClassesAtExit}, so that the class-data archive holds the classes of backup, restore
 * and listing (plain and encrypted) and not only of whichever command a user happened to run first.
 */
public final class StartupTraining {
  private StartupTraining() {}

  /** {@code args[0]}: an empty directory to use as home; it is left for the caller to remove. */
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Environment env =
        new Environment(
            Map.of("HOME", home.toString()),
            home,
            home,
            new ByteArrayInputStream(new byte[0]),
            OutputStream.nullOutputStream(),
            OutputStream.nullOutputStream(),
            new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
            new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
            false,
            false,
            false);
    run(env, "--version");
    run(env, "init");
    run(env, "library", "info");
    run(env, "library", "info", "--json");
    run(env, "library", "backup");
    run(env, "library", "backup", "--json", "--dry-run");
    run(env, "library", "backups");
    run(env, "library", "backups", "--verify", "--json");
    Path archive;
    try (Stream<Path> files = Files.list(home.resolve(".vpo").resolve("backups"))) {
      archive = files.findFirst().orElseThrow();
    }
    run(env, "library", "restore", archive.toString(), "--dry-run");
    run(env, "library", "restore", archive.toString(), "--yes", "--json");
    // Encrypted backups: a key (the default one, which listing and restore then read), an archive
    // encrypted to it, listed, verified and restored.
    run(env, "library", "key", "generate");
    String recipient = recipientOf(home.resolve(".vpo").resolve("backup-key.txt"));
    run(env, "library", "backup", "--recipient", recipient);
    run(env, "library", "backups", "--verify");
    Path encrypted;
    try (Stream<Path> files = Files.list(home.resolve(".vpo").resolve("backups"))) {
      encrypted =
          files.filter(p -> p.getFileName().toString().endsWith(".age")).findFirst().orElseThrow();
    }
    run(env, "library", "restore", encrypted.toString(), "--yes");
    run(env, "library", "backups", "prune", "--keep-last", "1", "--yes");
    run(env, "library", "verify");
    run(env, "library", "restore", "--bogus");
  }

  /** The public key that the key file's comment line names, as age-keygen writes it. */
  private static String recipientOf(Path keyFile) throws java.io.IOException {
    for (String line : Files.readAllLines(keyFile)) {
      if (line.startsWith("# public key: ")) {
        return line.substring("# public key: ".length());
      }
    }
    throw new IllegalStateException("no public key in " + keyFile);
  }

  private static void run(Environment env, String... args) {
    new Cli(env).run(args);
  }
}
