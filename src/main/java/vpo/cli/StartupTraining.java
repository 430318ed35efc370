package vpo.cli;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

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
    Environment env = environment(home, Map.of("HOME", home.toString()));
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
    trainS3(home);
  }

  /**
   * An S3 listing against a store on this machine that answers every request with "no such bucket",
   * so that the S3 client's classes (about 1,900: building the client, signing, HTTP, reading an
   * error) are in the archive too, without the network. The TLS classes an https endpoint needs are
   * loaded as well.
   */
  private static void trainS3(Path home) throws Exception {
    HttpServer store =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    store.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code>"
                        + "<Message>The specified bucket does not exist</Message>"
                        + "<BucketName>training</BucketName></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            if (exchange.getRequestMethod().equals("HEAD")) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              exchange.sendResponseHeaders(404, body.length);
              exchange.getResponseBody().write(body);
            }
          }
        });
    store.start();
    try {
      Environment env =
          environment(
              home,
              Map.of(
                  "HOME",
                  home.toString(),
                  "AWS_ACCESS_KEY_ID",
                  "training",
                  "AWS_SECRET_ACCESS_KEY",
                  "training",
                  "AWS_ENDPOINT_URL",
                  "http://127.0.0.1:" + store.getAddress().getPort()));
      run(env, "library", "backups", "--path", "s3://training/x");
      run(env, "library", "backups", "--path", "s3://training/x", "--json");
      SSLContext.getDefault();
    } finally {
      store.stop(0);
    }
  }

  private static Environment environment(Path home, Map<String, String> variables) {
    return Environment.quiet(variables, home);
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
