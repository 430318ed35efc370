package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * {@code vpo library backup} end to end in a temp home: destinations, names, permissions, dry run,
 * streaming, flag checks and the log (PRODUCT.md "backup").
 */
class LibraryBackupCommandTest {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern AUTO_NAME =
      Pattern.compile("vpo-library-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z\\.tar\\.gz");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private TestHome home;

  @BeforeEach
  void populatedLibrary() throws Exception {
    home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 60, 3);
  }

  @Test
  void printsWhatItWroteAndTheArchiveHoldsTheLibrary() throws Exception {
    TestHome.Result r = home.run("library", "backup");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<Path> archives = DiskState.archivesIn(home.backups());
    assertThat(archives).hasSize(1);
    Path archive = archives.get(0);
    assertThat(archive.getFileName().toString()).matches(AUTO_NAME);
    assertThat(r.out())
        .contains("Backup:    " + archive)
        .containsPattern("Database: +[\\d.]+ (KB|MB)")
        .containsPattern("Archive: +[\\d.]+ (KB|MB) \\(\\d+\\.\\d% smaller\\)")
        .contains("Files:     60")
        .containsPattern("Took: +[\\d.]+ s");
    assertThat(r.err()).isEmpty();
    assertThat(restoredContent(archive)).isEqualTo(LibraryContent.dump(home.library()));
  }

  @Test
  void jsonResultHasTheSpecifiedKeysAndTypes() throws Exception {
    TestHome.Result r = home.run("library", "backup", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.get("success").isBoolean()).isTrue();
    for (String text : List.of("path", "created_at", "sha256")) {
      assertThat(doc.get(text)).as(text).isNotNull();
      assertThat(doc.get(text).isTextual()).as(text).isTrue();
    }
    for (String integer :
        List.of("archive_size_bytes", "database_size_bytes", "file_count", "schema_version")) {
      assertThat(doc.get(integer)).as(integer).isNotNull();
      assertThat(doc.get(integer).isIntegralNumber()).as(integer).isTrue();
    }
    for (String number : List.of("compression_ratio", "duration_seconds")) {
      assertThat(doc.get(number)).as(number).isNotNull();
      assertThat(doc.get(number).isNumber()).as(number).isTrue();
    }
    assertThat(doc.get("compression_ratio").asDouble()).isBetween(0.0, 1.0);
    assertThat(doc.get("compression_ratio").decimalValue().scale()).isLessThanOrEqualTo(3);
    assertThat(doc.get("created_at").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(doc.get("sha256").asText()).matches("[0-9a-f]{64}");
    // Exactly one JSON document on stdout.
    assertThat(JSON.readerFor(JsonNode.class).readValues(r.out()).readAll()).hasSize(1);
  }

  @Test
  void dryRunReportsThePlanAndCreatesNothing() throws Exception {
    List<String> before = listingWithoutLogs();

    TestHome.Result text = home.run("library", "backup", "--dry-run");
    TestHome.Result json = home.run("library", "backup", "--dry-run", "--json");
    TestHome.Result elsewhere =
        home.run("library", "backup", "--dry-run", "-o", "new/dir/lib.tar.gz");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isZero();
    assertThat(listingWithoutLogs()).isEqualTo(before);
    assertThat(home.backups()).doesNotExist();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();

    Matcher would =
        Pattern.compile("Would write: (\\S+)\n").matcher(text.out().replace("\r\n", "\n"));
    assertThat(would.find()).as(text.out()).isTrue();
    Path planned = Path.of(would.group(1));
    assertThat(planned.getParent()).isEqualTo(home.backups());
    assertThat(planned.getFileName().toString()).matches(AUTO_NAME);
    assertThat(text.out())
        .containsPattern("Archive: +about [\\d.]+ (B|KB|MB) to [\\d.]+ (B|KB|MB)")
        .contains("Files:       60")
        .contains("Schema:      27")
        .contains("Nothing was written");
    assertThat(elsewhere.out())
        .contains("Would write: " + home.home().resolve("new/dir/lib.tar.gz"));

    JsonNode plan = JSON.readTree(json.out());
    assertThat(plan.get("success").asBoolean()).isTrue();
    assertThat(plan.get("dry_run").asBoolean()).isTrue();
    assertThat(Path.of(plan.get("path").asText()).getParent()).isEqualTo(home.backups());
    assertThat(plan.get("file_count").isIntegralNumber()).isTrue();
    assertThat(plan.get("file_count").asLong()).isEqualTo(60);
    assertThat(plan.get("schema_version").asInt()).isEqualTo(27);
    assertThat(plan.get("database_size_bytes").asLong()).isEqualTo(Files.size(home.library()));
    long min = plan.get("estimated_archive_min_bytes").asLong();
    long max = plan.get("estimated_archive_max_bytes").asLong();
    assertThat(min).isPositive().isLessThanOrEqualTo(max);

    // The estimate brackets the archive a real backup then writes.
    TestHome.Result real = home.run("library", "backup", "--json");
    assertThat(real.exitCode()).as(real.toString()).isZero();
    assertThat(JSON.readTree(real.out()).get("archive_size_bytes").asLong()).isBetween(min, max);
  }

  @Test
  void existingFileIsNotOverwrittenWithoutForce() throws Exception {
    Path target = home.home().resolve("x.tar.gz");
    byte[] precious = "not an archive, but mine".getBytes(StandardCharsets.UTF_8);
    Files.write(target, precious);

    TestHome.Result refused = home.run("library", "backup", "-o", "x.tar.gz");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).hasLineCount(1).startsWith("Error: ").contains(target.toString());
    assertThat(refused.err()).contains("--force");
    assertThat(Files.readAllBytes(target)).isEqualTo(precious);
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
    assertThat(DiskState.archives(tmp)).isEmpty();

    TestHome.Result forced = home.run("library", "backup", "-o", "x.tar.gz", "--force");

    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(ArchiveSeenByCommonsCompress.read(target).problem()).isNull();
    assertThat(restoredContent(target)).isEqualTo(LibraryContent.dump(home.library()));
    assertThat(permissions(target)).isEqualTo("rw-------");
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }

  @Test
  void directoryDestinationsGetAnAutoNamedArchive() throws Exception {
    Files.createDirectories(home.home().resolve("existing"));

    TestHome.Result slash = home.run("library", "backup", "--json", "-o", "fresh/");
    TestHome.Result existing = home.run("library", "backup", "--json", "-o", "existing");
    TestHome.Result nested = home.run("library", "backup", "--json", "-o", "a/b/c.tar.gz");

    for (TestHome.Result r : List.of(slash, existing, nested)) {
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    Path inFresh = Path.of(JSON.readTree(slash.out()).get("path").asText());
    Path inExisting = Path.of(JSON.readTree(existing.out()).get("path").asText());
    assertThat(inFresh.getParent()).isEqualTo(home.home().resolve("fresh"));
    assertThat(inFresh.getFileName().toString()).matches(AUTO_NAME);
    assertThat(inExisting.getParent()).isEqualTo(home.home().resolve("existing"));
    assertThat(inExisting.getFileName().toString()).matches(AUTO_NAME);
    Path exact = home.home().resolve("a/b/c.tar.gz");
    assertThat(JSON.readTree(nested.out()).get("path").asText()).isEqualTo(exact.toString());
    for (Path archive : List.of(inFresh, inExisting, exact)) {
      assertThat(archive).isRegularFile();
      assertThat(ArchiveSeenByCommonsCompress.read(archive).problem())
          .as(archive.toString())
          .isNull();
    }
    assertThat(DiskState.archivesIn(home.home().resolve("fresh"))).containsExactly(inFresh);
    assertThat(DiskState.archivesIn(home.home().resolve("existing"))).containsExactly(inExisting);
    assertThat(DiskState.paths(home.home().resolve("a"))).containsExactly("b", "b/c.tar.gz");
    assertThat(home.backups()).doesNotExist();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }

  @Test
  void twoBackupsInTheSameSecondGetTwoNames() throws Exception {
    // Two quick backups usually start within one second; retry the rare pair that straddles one.
    for (int attempt = 0; attempt < 10; attempt++) {
      Path dir = home.home().resolve("attempt-" + attempt);
      TestHome.Result first = home.run("library", "backup", "--json", "-o", dir + "/");
      TestHome.Result second = home.run("library", "backup", "--json", "-o", dir + "/");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(second.exitCode()).as(second.toString()).isZero();
      JsonNode a = JSON.readTree(first.out());
      JsonNode b = JSON.readTree(second.out());
      if (!a.get("created_at").equals(b.get("created_at"))) {
        continue;
      }
      String stamp = STAMP.format(Instant.parse(a.get("created_at").asText()));
      Path firstPath = dir.resolve("vpo-library-" + stamp + ".tar.gz");
      Path secondPath = dir.resolve("vpo-library-" + stamp + "-2.tar.gz");
      assertThat(a.get("path").asText()).isEqualTo(firstPath.toString());
      assertThat(b.get("path").asText()).isEqualTo(secondPath.toString());
      assertThat(DiskState.archivesIn(dir)).containsExactlyInAnyOrder(firstPath, secondPath);
      assertThat(ArchiveSeenByCommonsCompress.read(firstPath).problem()).isNull();
      assertThat(ArchiveSeenByCommonsCompress.read(secondPath).problem()).isNull();
      assertThat(Sha256.of(firstPath)).isEqualTo(a.get("sha256").asText());
      assertThat(Sha256.of(secondPath)).isEqualTo(b.get("sha256").asText());
      return;
    }
    throw new AssertionError("no two consecutive backups started within the same second");
  }

  @Test
  void autoNameTakenByAnotherFileGetsASuffixAndTheFileIsKept() throws Exception {
    // Names for the next two minutes are taken already, whichever second the backup starts in.
    Files.createDirectories(home.backups());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Path> decoys = new ArrayList<>();
    for (int s = 0; s < 120; s++) {
      Path decoy =
          home.backups().resolve("vpo-library-" + STAMP.format(now.plusSeconds(s)) + ".tar.gz");
      Files.writeString(decoy, "decoy " + s);
      decoys.add(decoy);
    }

    TestHome.Result r = home.run("library", "backup", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode result = JSON.readTree(r.out());
    String stamp = STAMP.format(Instant.parse(result.get("created_at").asText()));
    Path expected = home.backups().resolve("vpo-library-" + stamp + "-2.tar.gz");
    assertThat(result.get("path").asText()).isEqualTo(expected.toString());
    assertThat(ArchiveSeenByCommonsCompress.read(expected).problem()).isNull();
    for (int s = 0; s < decoys.size(); s++) {
      assertThat(decoys.get(s)).hasContent("decoy " + s);
    }
  }

  @Test
  void archivesAndTheDefaultBackupDirectoryArePrivate() throws Exception {
    TestHome.Result created = home.run("library", "backup");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(permissions(home.backups())).isEqualTo("rwx------");
    assertThat(DiskState.archivesIn(home.backups()))
        .hasSize(1)
        .allSatisfy(a -> assertThat(permissions(a)).isEqualTo("rw-------"));

    // A default directory someone opened up is made private again.
    Files.setPosixFilePermissions(home.backups(), PosixFilePermissions.fromString("rwxr-xr-x"));
    TestHome.Result again = home.run("library", "backup");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(permissions(home.backups())).isEqualTo("rwx------");

    TestHome.Result named = home.run("library", "backup", "-o", "new/lib.tar.gz");
    assertThat(named.exitCode()).as(named.toString()).isZero();
    assertThat(permissions(home.home().resolve("new/lib.tar.gz"))).isEqualTo("rw-------");
    assertThat(permissions(home.home().resolve("new"))).isEqualTo("rwx------");
  }

  @Test
  void levelOutsideOneToNineIsACommandLineError() throws Exception {
    for (String level : List.of("0", "10", "-1")) {
      TestHome.Result r = home.run("library", "backup", "--level", level);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).startsWith("Error: ").contains("--level");
    }
    TestHome.Result notANumber = home.run("library", "backup", "--level", "fast");
    assertThat(notANumber.exitCode()).as(notANumber.toString()).isEqualTo(2);
    assertThat(DiskState.archives(tmp)).isEmpty();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();

    for (String level : List.of("1", "9")) {
      TestHome.Result r = home.run("library", "backup", "--level", level, "-o", "l" + level + "/");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(DiskState.archivesIn(home.home().resolve("l" + level)))
          .singleElement()
          .satisfies(a -> assertThat(ArchiveSeenByCommonsCompress.read(a).problem()).isNull());
    }
  }

  @Test
  void dashStreamsTheArchiveToStdoutAndTheSummaryToStderr() throws Exception {
    TestHome.Result r = home.run("library", "backup", "-o", "-");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    byte[] bytes = r.stdoutBytes();
    assertThat(bytes.length).isGreaterThan(2);
    assertThat(bytes[0]).isEqualTo((byte) 0x1f);
    assertThat(bytes[1]).isEqualTo((byte) 0x8b);
    Path db = tmp.resolve("streamed.db");
    ArchiveSeenByCommonsCompress contents =
        ArchiveSeenByCommonsCompress.read(new ByteArrayInputStream(bytes), db);
    assertThat(contents.problem()).isNull();
    assertThat(LibraryContent.dump(db)).isEqualTo(LibraryContent.dump(home.library()));
    assertThat(r.err())
        .contains("Backup:    standard output")
        .contains("Files:     60")
        .containsPattern("Archive: +[\\d.]+ (KB|MB) \\(");
    assertThat(home.backups()).doesNotExist();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }

  @Test
  void dashWithJsonIsACommandLineError() throws Exception {
    TestHome.Result r = home.run("library", "backup", "-o", "-", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    JsonNode error = JSON.readTree(r.out());
    assertThat(error.get("success").asBoolean()).isFalse();
    assertThat(error.get("error_code").asText()).isEqualTo("usage_error");
    assertThat(error.get("error").asText()).contains("-o -");
    assertThat(DiskState.archives(tmp)).isEmpty();
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }

  @Test
  void eachBackupLeavesAStructuredRecordInTheLog() throws Exception {
    TestHome.Result r = home.run("library", "backup", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode result = JSON.readTree(r.out());

    List<String> finished =
        Files.readAllLines(home.logFile()).stream()
            .filter(l -> l.contains("backup finished"))
            .toList();
    assertThat(finished).hasSize(1);
    Map<String, String> kv = keyValues(finished.get(0));
    assertThat(kv)
        .containsEntry("archive", result.get("path").asText())
        .containsEntry("archive_size_bytes", result.get("archive_size_bytes").asText())
        .containsEntry("database_size_bytes", result.get("database_size_bytes").asText())
        .containsEntry("file_count", "60")
        .containsEntry("library", home.library().toString())
        .containsEntry("kind", "backup")
        .containsEntry("outcome", "success")
        .containsKey("duration_ms");

    // As JSON lines, the same record carries the same values.
    TestHome.Result second = home.run("--log-json", "library", "backup", "--json");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    JsonNode secondResult = JSON.readTree(second.out());
    Map<String, String> record = null;
    for (String line : Files.readAllLines(home.logFile())) {
      if (line.startsWith("{")
          && JSON.readTree(line).path("formattedMessage").asText().equals("backup finished")) {
        record = new java.util.LinkedHashMap<>();
        for (JsonNode pair : JSON.readTree(line).get("kvpList")) {
          for (var field : (Iterable<Map.Entry<String, JsonNode>>) pair::fields) {
            record.put(field.getKey(), field.getValue().asText());
          }
        }
      }
    }
    assertThat(record).as("a JSON log record of the second backup").isNotNull();
    assertThat(record)
        .containsEntry("archive", secondResult.get("path").asText())
        .containsEntry("archive_size_bytes", secondResult.get("archive_size_bytes").asText())
        .containsEntry("outcome", "success");
  }

  private List<String> listingWithoutLogs() {
    return DiskState.paths(home.home()).stream().filter(p -> !p.startsWith(".vpo/logs")).toList();
  }

  private String restoredContent(Path archive) {
    Path db = tmp.resolve("restored-" + System.nanoTime() + ".db");
    assertThat(ArchiveSeenByCommonsCompress.read(archive, db).problem()).isNull();
    return LibraryContent.dump(db);
  }

  private static String permissions(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The {@code key="value"} pairs of a text log line. */
  private static Map<String, String> keyValues(String line) {
    Map<String, String> kv = new java.util.LinkedHashMap<>();
    Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(line);
    while (m.find()) {
      kv.put(m.group(1), m.group(2));
    }
    return kv;
  }
}
