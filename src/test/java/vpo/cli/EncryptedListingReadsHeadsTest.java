package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.AgeTool;
import vpo.testing.ChildProcesses;
import vpo.testing.CliAssertions;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Listing encrypted archives with the key decrypts only their heads: twenty archives of over 30 MB
 * each are listed with their full metadata while this process reads, in all, less than one of them.
 * What is counted is Linux's own count of the bytes the process read ({@code rchar} in {@code
 * /proc/self/io}), so no part of vpo is replaced to count.
 */
class EncryptedListingReadsHeadsTest {
  private static final Path PROC_IO = Path.of("/proc/self/io");
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void listingTwentyLargeEncryptedArchivesReadsLessThanOneOfThem() throws Exception {
    AgeTool.assumeInstalled();
    assumeTrue(Files.isReadable(PROC_IO), "needs Linux's /proc/self/io");
    TestHome home = TestHome.withLibrary(tmp, Start.INITIALISED, 50, 4);
    // 32 MiB that do not compress: the archive is as large as the library.
    LibraryFixture.execute(
        home.library(),
        "CREATE TABLE test_bulk (b BLOB)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 32)"
            + " INSERT INTO test_bulk SELECT randomblob(1048576) FROM n");
    Path key = tmp.resolve("key.txt");
    String recipient = new AgeTool(children).keygen(key);
    Path first = Path.of(home.backup("--recipient", recipient).get("path").asText());
    long size = Files.size(first);
    assertThat(size).isGreaterThan(30L << 20);
    // Nineteen more names for the same file (hard links: twenty archives, one file's disk space).
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 19; i++) {
      Path other =
          home.backups()
              .resolve("vpo-library-" + NAME_TIME.format(t.plusSeconds(3600L * i)) + ".tar.gz.age");
      Files.createLink(other, first);
    }
    String[] list = {"library", "backups", "--json", "--identity", key.toString()};
    // Once unmeasured, so that classes loaded from jars on first use are not counted.
    assertThat(home.run(list).exitCode()).isZero();

    long before = bytesRead();
    TestHome.Result r = home.run(list);
    long read = bytesRead() - before;

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode backups = CliAssertions.json(r).get("backups");
    assertThat(backups).hasSize(20);
    for (JsonNode b : backups) {
      assertThat(b.get("readable").asBoolean()).as(b.toString()).isTrue();
      assertThat(b.get("file_count").asLong()).as(b.toString()).isEqualTo(50);
      assertThat(b.get("archive_size_bytes").asLong()).isEqualTo(size);
    }
    assertThat(read).as("bytes read listing 20 archives of %d bytes", size).isLessThan(size);
  }

  /** Bytes this process has read through system calls so far, from any file or pipe. */
  private static long bytesRead() throws Exception {
    for (String line : Files.readAllLines(PROC_IO)) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring("rchar:".length()).strip());
      }
    }
    throw new AssertionError("no rchar in " + PROC_IO);
  }
}
