package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.archive.BackupKind;
import vpo.archive.BackupNames;
import vpo.location.S3TestServer;
import vpo.testing.ArchiveBuilder;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Listing, verifying, pruning and restoring archives in an S3 prefix through the real command line:
 * {@code backups --path s3://...}, {@code backups prune --path s3://...} and {@code restore
 * s3://...}, against the real test server, each compared with what the store holds.
 */
class S3CatalogCommandsTest {
  static final String OTHER_LIBRARY = "0b9c7f0e-0000-4000-8000-000000000001";

  final S3TestServer server = S3TestServer.get();
  @TempDir Path tmp;
  TestHome home;
  String bucket;
  String url;
  String libraryId;

  @BeforeEach
  void homeAndBucket() {
    bucket = server.newBucket();
    url = "s3://" + bucket + "/vpo";
    home = S3Cli.connect(TestHome.withLibrary(tmp, Start.INITIALISED, 12, 1), server.endpoint);
    // The library gets its id with its first backup.
    libraryId = home.backup().get("library_id").asText();
  }

  /** Puts an archive of the current library, made at {@code created}, under {@code vpo/}. */
  private String put(Instant created, BackupKind kind, String library, boolean damaged)
      throws Exception {
    ArchiveBuilder b = ArchiveBuilder.of(home.library()).createdAt(created).kind(kind.label());
    b.metadata().put("library_id", library);
    byte[] bytes = b.bytes();
    if (damaged) {
      // Deep in the database's deflate data: the metadata at the front still reads.
      bytes[bytes.length - 100] ^= 0x10;
    }
    String name = BackupNames.name(created, kind, 1);
    server.put(bucket, "vpo/" + name, bytes);
    return name;
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.get(field).asText())
        .toList();
  }

  @Test
  void listingShowsThisLibrarysArchivesNewestFirstAndVerifyFindsTheDamagedOne() throws Exception {
    JsonNode made = home.backup("-o", url + "/");
    String written = made.get("path").asText();
    String older = put(Instant.parse("2026-01-02T10:00:00Z"), BackupKind.BACKUP, libraryId, false);
    String oldest = put(Instant.parse("2026-01-01T10:00:00Z"), BackupKind.BACKUP, libraryId, false);
    String damaged = put(Instant.parse("2026-01-03T10:00:00Z"), BackupKind.BACKUP, libraryId, true);
    String others =
        put(Instant.parse("2026-01-04T10:00:00Z"), BackupKind.BACKUP, OTHER_LIBRARY, false);
    server.put(bucket, "vpo/deeper/" + older, ArchiveBuilder.of(home.library()).bytes());
    server.put(bucket, "elsewhere/" + older, ArchiveBuilder.of(home.library()).bytes());

    TestHome.Result r = home.run("library", "backups", "--path", url, "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("directory").asText()).isEqualTo(url + "/");
    String writtenName = written.substring(written.lastIndexOf('/') + 1);
    assertThat(texts(doc.get("backups"), "filename"))
        .containsExactly(writtenName, damaged, older, oldest);
    assertThat(texts(doc.get("backups"), "path"))
        .containsExactly(written, url + "/" + damaged, url + "/" + older, url + "/" + oldest);
    for (JsonNode b : doc.get("backups")) {
      String key = "vpo/" + b.get("filename").asText();
      assertThat(b.get("archive_size_bytes").asLong()).isEqualTo(server.bytes(bucket, key).length);
      assertThat(b.get("readable").asBoolean()).as(b.toString()).isTrue();
      assertThat(b.get("file_count").asLong()).isEqualTo(12);
    }
    assertThat(doc.get("backups").get(0).get("sha256").asText())
        .as("the SHA-256 recorded with the object, read with its head")
        .isEqualTo(made.get("sha256").asText());
    assertThat(doc.get("total_count").asInt()).isEqualTo(4);

    TestHome.Result text = home.run("library", "backups", "--path", url);
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("Backups of this library in " + url + "/:")
        .contains(writtenName)
        .contains(oldest);
    assertThat(text.out()).doesNotContain(others);

    TestHome.Result all = home.run("library", "backups", "--path", url, "--all", "--json");
    assertThat(texts(json(all).get("backups"), "filename")).contains(others).hasSize(5);

    Path systemTemp = Path.of(System.getProperty("java.io.tmpdir"));
    List<String> tempBefore = DiskState.names(systemTemp);
    TestHome.Result verify = home.run("library", "backups", "--path", url, "--verify", "--json");

    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
    JsonNode verified = json(verify);
    assertThat(verified.get("error_code").asText()).isEqualTo("invalid_archive");
    for (JsonNode b : verified.get("backups")) {
      boolean bad = b.get("filename").asText().equals(damaged);
      assertThat(b.get("valid").asBoolean()).as(b.toString()).isEqualTo(!bad);
      if (bad) {
        assertThat(b.get("problem").asText()).isNotBlank();
      }
    }
    // Verifying downloads into local temp files, and removes them.
    assertThat(DiskState.tempFiles(home.home())).isEmpty();
    assertThat(DiskState.names(systemTemp))
        .filteredOn(n -> n.startsWith(".vpo-tmp-"))
        .isSubsetOf(tempBefore);
  }

  @Test
  void pruneDeletesExactlyThePlanItShowedAndOnlyThisLibrarysArchives() throws Exception {
    List<String> mine = new ArrayList<>();
    for (int day = 1; day <= 5; day++) {
      mine.add(
          put(
              Instant.parse("2026-01-0" + day + "T10:00:00Z"),
              BackupKind.BACKUP,
              libraryId,
              false));
    }
    String safety =
        put(Instant.parse("2026-01-01T09:00:00Z"), BackupKind.PRE_RESTORE, libraryId, false);
    List<String> theirs = new ArrayList<>();
    for (int day = 2; day <= 6; day += 2) {
      theirs.add(
          put(
              Instant.parse("2026-01-0" + day + "T11:00:00Z"),
              BackupKind.BACKUP,
              OTHER_LIBRARY,
              false));
    }
    List<String> before = server.keys(bucket);

    TestHome.Result dry =
        home.run(
            "library",
            "backups",
            "prune",
            "--path",
            url,
            "--keep-last",
            "2",
            "--dry-run",
            "--json");

    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    JsonNode plan = json(dry);
    List<String> removeNames = texts(plan.get("remove"), "filename");
    assertThat(removeNames).containsExactlyInAnyOrder(mine.get(0), mine.get(1), mine.get(2));
    assertThat(texts(plan.get("keep"), "filename"))
        .containsExactlyInAnyOrder(mine.get(3), mine.get(4), safety);
    assertThat(server.keys(bucket)).isEqualTo(before);

    TestHome.Result noTerminal =
        home.run("library", "backups", "prune", "--path", url, "--keep-last", "2");
    assertThat(noTerminal.exitCode()).as(noTerminal.toString()).isEqualTo(1);
    assertThat(server.keys(bucket)).isEqualTo(before);

    TestHome.Result r =
        home.run(
            "library", "backups", "prune", "--path", url, "--keep-last", "2", "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode done = json(r);
    assertThat(texts(done.get("remove"), "filename")).isEqualTo(removeNames);
    long freed = 0;
    for (JsonNode n : done.get("remove")) {
      freed += n.get("archive_size_bytes").asLong();
    }
    assertThat(done.get("freed_bytes").asLong()).isEqualTo(freed).isPositive();
    List<String> expected = new ArrayList<>(before);
    removeNames.forEach(n -> expected.remove("vpo/" + n));
    assertThat(server.keys(bucket)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(server.keys(bucket))
        .contains(theirs.stream().map(n -> "vpo/" + n).toArray(String[]::new));
    assertThat(server.uploads(bucket)).isEmpty();
  }

  @Test
  void restoreFromS3BringsBackTheBackupAndKeepsTheSafetyArchiveLocal() throws Exception {
    String archive = home.backup("-o", url + "/").get("path").asText();
    LibraryContent backedUp = LibraryContent.read(home.library());
    LibraryFixture.populate(home.library(), 4, 2);
    LibraryFixture.execute(home.library(), "DELETE FROM files WHERE id % 3 = 0");
    LibraryContent changed = LibraryContent.read(home.library());
    assertThat(changed).isNotEqualTo(backedUp);
    List<String> keys = server.keys(bucket);
    Map<String, String> before = DiskState.of(home.dataDir(), home.logFile());

    TestHome.Result dry = home.run("library", "restore", archive, "--dry-run");

    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains(archive + " (valid)").contains("Nothing was changed");
    assertThat(DiskState.of(home.dataDir(), home.logFile())).isEqualTo(before);

    TestHome.Result r = home.run("library", "restore", archive, "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("source_path").asText()).isEqualTo(archive);
    assertThat(LibraryContent.read(home.library())).isEqualTo(backedUp);
    Path safety = Path.of(doc.get("safety_backup_path").asText());
    assertThat(safety.getParent()).isEqualTo(home.backups());
    assertThat(safety.getFileName().toString()).contains("-pre-restore");
    assertThat(Files.isRegularFile(safety)).isTrue();
    assertThat(server.keys(bucket)).isEqualTo(keys);
    assertThat(DiskState.tempFiles(home.home())).isEmpty();

    TestHome.Result undo =
        home.run("library", "restore", safety.toString(), "--yes", "--no-safety-backup");
    assertThat(undo.exitCode()).as(undo.toString()).isZero();
    assertThat(LibraryContent.read(home.library())).isEqualTo(changed);
  }
}
