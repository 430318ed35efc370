package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertJsonError;
import static vpo.testing.CliAssertions.errorLines;
import static vpo.testing.CliAssertions.json;
import static vpo.testing.DiskState.names;
import static vpo.testing.DiskState.size;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * {@code vpo library backups}: a directory mixing archives made by vpo itself (backups, a
 * pre-migration and a pre-restore safety archive, two from the same second), the Python VPO's
 * archives, damaged files with backup names, links, directories and unrelated files.
 */
class LibraryBackupsListTest {
  /** The keys PRODUCT.md section 5 gives each listed backup, in order. */
  private static final List<String> SPEC_KEYS =
      List.of(
          "filename",
          "path",
          "created_at",
          "archive_size_bytes",
          "database_size_bytes",
          "file_count",
          "schema_version",
          "readable");

  /** Keys vpo adds after the spec's; nothing else may appear. */
  private static final Set<String> EXTRA_KEYS =
      Set.of(
          "kind",
          "vpo_version",
          "problem",
          "valid",
          "restorable",
          "encrypted",
          "library_id",
          "library_path",
          "sha256");

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HUMAN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @TempDir Path tmp;

  /**
   * One archive the listing must show. {@code made} orders archives made within one second, as they
   * were made; null sizes and counts are not checked.
   */
  record Expected(
      String filename,
      Instant createdAt,
      int made,
      boolean readable,
      Long databaseSize,
      Long fileCount,
      Integer schema,
      String kind) {}

  @Test
  @Timeout(120) // a listing that opened the fifo would hang
  void listsEveryArchiveNewestFirstMarksUnreadableOnesAndSkipsEverythingElse() throws Exception {
    TestHome home = new TestHome(tmp);
    Files.createDirectories(home.dataDir());
    LibraryFixture.createV26(home.library());
    Path backups = home.backups();
    List<Expected> expected = new ArrayList<>();

    // The first backup migrates the v26 library: a real pre-migration archive, then the backup.
    JsonNode first = home.backup();
    Path preMigration = only(backups, "-pre-migration.tar.gz");
    expected.add(
        new Expected(
            preMigration.getFileName().toString(),
            timeInName(preMigration),
            0,
            true,
            null,
            12L,
            26,
            "pre-migration"));
    expected.add(made(first, 1));

    // Two backups in the same second: the second is named -2, and is the newer.
    waitForSecondAfter(Instant.parse(first.get("created_at").asText()));
    JsonNode latest = null;
    boolean collided = false;
    for (int attempt = 0; attempt < 10 && !collided; attempt++) {
      waitForFreshSecond();
      JsonNode a = home.backup();
      JsonNode b = home.backup();
      expected.add(made(a, expected.size()));
      expected.add(made(b, expected.size()));
      String aName = fileName(a);
      collided = fileName(b).equals(aName.replace("Z.tar.gz", "Z-2.tar.gz"));
      latest = b;
    }
    assertThat(collided).as("two backups within one second").isTrue();

    // A real restore leaves a pre-restore safety archive of the library it replaced.
    waitForSecondAfter(Instant.parse(latest.get("created_at").asText()));
    TestHome.Result restored =
        home.run("library", "restore", first.get("path").asText(), "--yes", "--json");
    assertThat(restored.exitCode()).as(restored.toString()).isZero();
    Path preRestore = Path.of(json(restored).get("safety_backup_path").asText());
    expected.add(
        new Expected(
            preRestore.getFileName().toString(),
            timeInName(preRestore),
            expected.size(),
            true,
            null,
            12L,
            27,
            "pre-restore"));

    // The Python VPO's archive: library.db first, Python's keys only, the compact name.
    ArchiveBuilder pyDb = ArchiveBuilder.ofNewLibrary(tmp, 3);
    Instant pyTime = Instant.parse("2026-02-05T14:30:22Z");
    pyDb.createdAt(pyTime)
        .writePythonStyle(backups.resolve("vpo-library-2026-02-05T143022Z.tar.gz"));
    expected.add(
        new Expected(
            "vpo-library-2026-02-05T143022Z.tar.gz",
            pyTime,
            100,
            true,
            (long) pyDb.database().length,
            pyDb.metadata().get("file_count").asLong(),
            27,
            "backup"));

    // The metadata's created_at wins over the time in the name.
    ArchiveBuilder emptyDb = ArchiveBuilder.ofNewLibrary(tmp, 0);
    emptyDb
        .createdAt(Instant.parse("2026-03-10T09:00:00Z"))
        .kind("backup")
        .writeTo(backups.resolve("vpo-library-2026-01-01T00-00-00Z.tar.gz"));
    expected.add(
        new Expected(
            "vpo-library-2026-01-01T00-00-00Z.tar.gz",
            Instant.parse("2026-03-10T09:00:00Z"),
            101,
            true,
            (long) emptyDb.database().length,
            0L,
            27,
            "backup"));

    // Unreadable: garbage under a backup name (time from the name) ...
    byte[] garbage = new byte[5000];
    new Random(3).nextBytes(garbage);
    Files.write(backups.resolve("vpo-library-2026-01-10T08-00-00Z.tar.gz"), garbage);
    expected.add(
        unreadable("vpo-library-2026-01-10T08-00-00Z.tar.gz", "2026-01-10T08:00:00Z", "backup"));
    // ... a real archive cut off inside its gzip header (kind from the name) ...
    Path truncated = backups.resolve("vpo-library-2025-12-24T18-00-00Z-pre-restore.tar.gz");
    Files.copy(Path.of(first.get("path").asText()), truncated);
    ArchiveBuilder.truncate(truncated, 20);
    expected.add(
        unreadable(
            "vpo-library-2025-12-24T18-00-00Z-pre-restore.tar.gz",
            "2025-12-24T18:00:00Z",
            "pre-restore"));
    // ... and a file whose name has no time (time from its modification time).
    Path broken = backups.resolve("vpo-library-broken.tar.gz");
    Files.writeString(broken, "not an archive\n");
    Files.setLastModifiedTime(broken, FileTime.from(Instant.parse("2025-11-30T12:00:00Z")));
    expected.add(unreadable("vpo-library-broken.tar.gz", "2025-11-30T12:00:00Z", "backup"));

    // Never listed: links named like backups, a directory named like one, unrelated files.
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path target = Files.copy(Path.of(first.get("path").asText()), outside.resolve("real.tar.gz"));
    Files.createSymbolicLink(backups.resolve("vpo-library-2026-04-01T00-00-00Z.tar.gz"), target);
    Files.createSymbolicLink(
        backups.resolve("vpo-library-2026-04-02T00-00-00Z.tar.gz"), outside.resolve("gone"));
    Path dir = Files.createDirectory(backups.resolve("vpo-library-2026-04-03T00-00-00Z.tar.gz"));
    Files.copy(target, dir.resolve("inside.tar.gz"));
    // A fifo: opening it to read would block forever.
    Process fifo =
        new ProcessBuilder(
                "mkfifo", backups.resolve("vpo-library-2026-04-04T00-00-00Z.tar.gz").toString())
            .start();
    assertThat(fifo.waitFor()).isZero();
    Files.writeString(backups.resolve("notes.txt"), "my notes\n");
    Files.copy(target, backups.resolve("vpo-library-x.tar"));
    Files.copy(target, backups.resolve(".vpo-tmp-0-deadbeef-archive.tar.gz"));

    expected.sort(
        Comparator.comparing(Expected::createdAt).thenComparingInt(Expected::made).reversed());
    List<String> before = names(backups);

    TestHome.Result r = home.run("library", "backups", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(fieldNames(doc))
        .containsExactly("directory", "total_count", "total_size_bytes", "backups");
    assertThat(doc.get("directory").asText()).isEqualTo(backups.toAbsolutePath().toString());
    assertThat(doc.get("total_count").isIntegralNumber()).isTrue();
    assertThat(doc.get("total_count").asInt()).isEqualTo(expected.size());
    long total = expected.stream().mapToLong(e -> size(backups.resolve(e.filename()))).sum();
    assertThat(doc.get("total_size_bytes").isIntegralNumber()).isTrue();
    assertThat(doc.get("total_size_bytes").asLong()).isEqualTo(total);
    List<String> listed = new ArrayList<>();
    doc.get("backups").forEach(b -> listed.add(b.get("filename").asText()));
    assertThat(listed)
        .containsExactlyElementsOf(
            expected.stream().map(Expected::filename).collect(Collectors.toList()));
    Iterator<JsonNode> items = doc.get("backups").elements();
    for (Expected e : expected) {
      assertEntry(items.next(), e, backups);
    }
    assertThat(names(backups)).as("listing changes nothing").isEqualTo(before);
    assertThat(target).exists();

    TestHome.Result text = home.run("library", "backups");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    List<String> lines = text.out().lines().collect(Collectors.toList());
    assertThat(lines.get(0)).isEqualTo("Backups in " + backups.toAbsolutePath() + ":");
    int previous = -1;
    for (Expected e : expected) {
      int at = lineIndex(lines, e.filename());
      assertThat(at).as("%s listed after the newer ones", e.filename()).isGreaterThan(previous);
      previous = at;
      String line = lines.get(at);
      String common =
          Pattern.quote(HUMAN.format(e.createdAt()))
              + "\\s+"
              + Pattern.quote(humanSize(size(backups.resolve(e.filename()))))
              + "\\s+";
      if (e.readable()) {
        assertThat(line)
            .matches(
                "\\s+"
                    + common
                    + e.fileCount()
                    + "\\s+"
                    + e.schema()
                    + "\\s+"
                    + Pattern.quote(e.kind())
                    + "\\s+"
                    + Pattern.quote(e.filename()));
      } else {
        assertThat(line).as("a visible mark").matches("!\\s+" + common + ".*" + e.filename());
        assertThat(lines.get(at + 1)).matches("\\s+cannot read metadata: \\S.*");
        // A reason, not a restatement of the mark.
        assertThat(lines.get(at + 1)).doesNotEndWith(": unreadable");
      }
    }
    assertThat(lines.get(lineIndex(lines, truncated.getFileName().toString()) + 1))
        .containsPattern("(?i)truncat|end");
    for (String never :
        List.of(
            "2026-04-01T00-00-00Z",
            "2026-04-02T00-00-00Z",
            "2026-04-03T00-00-00Z",
            "2026-04-04T00-00-00Z",
            "notes.txt",
            "vpo-library-x.tar",
            ".vpo-tmp-")) {
      assertThat(text.out()).doesNotContain(never);
      assertThat(r.out()).doesNotContain(never);
    }
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(expected.size() + " backups, " + humanSize(total));

    // --verify over the same mix: the unreadable ones are the corrupt ones.
    TestHome.Result verified = home.run("library", "backups", "--verify", "--json");

    assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
    JsonNode checked = json(verified).get("backups");
    assertThat(checked).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(checked.get(i).get("valid").asBoolean())
          .as(checked.get(i).toString())
          .isEqualTo(expected.get(i).readable());
    }
    assertThat(names(backups)).as("verify leaves nothing behind").isEqualTo(before);
  }

  @Test
  void listingReadsOnlyTheHeadOfEachArchiveButVerifyReadsItAll() throws Exception {
    // A library of several MB: vpo's archive of it spans more than one gzip member (4 MiB of tar
    // each), so its end lies far past the metadata.
    TestHome home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 1000, 11);
    JsonNode made = home.backup();
    assertThat(made.get("database_size_bytes").asLong()).isGreaterThan(4L << 20);
    Path archive = Path.of(made.get("path").asText());
    long length = size(archive);
    Path flipped = home.backups().resolve(archive.getFileName().toString().replace("Z.", "Z-2."));
    Path cut = home.backups().resolve(archive.getFileName().toString().replace("Z.", "Z-3."));
    Files.copy(archive, flipped);
    Files.copy(archive, cut);
    // Damaged at the very end: the last gzip member's CRC-32, checked only once all is inflated.
    ArchiveBuilder.flipBit(archive, length - 6, 3);
    // A bit flipped in the database's compressed data, in the last member.
    ArchiveBuilder.flipBit(flipped, length - 20_000, 4);
    // Cut off inside the last member.
    ArchiveBuilder.truncate(cut, length - 40_000);

    TestHome.Result r = home.run("library", "backups", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode backups = json(r).get("backups");
    assertThat(backups).hasSize(3);
    for (JsonNode b : backups) {
      assertThat(b.get("readable").asBoolean()).as(b.toString()).isTrue();
      assertThat(b.get("database_size_bytes").asLong())
          .isEqualTo(made.get("database_size_bytes").asLong());
      assertThat(b.get("file_count").asLong()).isEqualTo(1000);
      assertThat(b.get("created_at").asText()).isEqualTo(made.get("created_at").asText());
    }

    TestHome.Result verified = home.run("library", "backups", "--verify", "--json");

    assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
    assertThat(json(verified).get("backups")).hasSize(3);
    for (JsonNode b : json(verified).get("backups")) {
      assertThat(b.get("valid").asBoolean()).as(b.toString()).isFalse();
      assertThat(b.get("problem").asText()).isNotBlank().doesNotContain("\n");
    }
  }

  @Test
  void verifyFlagsExactlyTheDamagedArchive() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 20, 5);
    Path backups = home.backups();
    Path a = Path.of(home.backup().get("path").asText());
    ArchiveBuilder db = ArchiveBuilder.ofNewLibrary(tmp, 2);
    db.createdAt(Instant.parse("2026-02-05T14:30:22Z"))
        .writePythonStyle(backups.resolve("vpo-library-2026-02-05T143022Z.tar.gz"));
    db.createdAt(Instant.parse("2026-03-01T10:00:00Z"))
        .kind("pre-migration")
        .writeTo(backups.resolve("vpo-library-2026-03-01T10-00-00Z-pre-migration.tar.gz"));
    Path damaged = backups.resolve("vpo-library-2026-03-02T10-00-00Z.tar.gz");
    Files.copy(a, damaged);
    ArchiveBuilder.flipBit(damaged, size(damaged) / 2, 5);
    List<String> before = new ArrayList<>(names(backups));

    TestHome.Result r = home.run("library", "backups", "--verify", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    JsonNode list = json(r).get("backups");
    assertThat(list).hasSize(4);
    for (JsonNode b : list) {
      boolean isDamaged = b.get("filename").asText().equals(damaged.getFileName().toString());
      assertThat(b.get("valid").isBoolean()).isTrue();
      assertThat(b.get("valid").asBoolean()).as(b.toString()).isEqualTo(!isDamaged);
      if (isDamaged) {
        assertThat(b.get("problem").asText()).isNotBlank().doesNotContain("\n");
        // The head is intact: listing still reads its metadata.
        assertThat(b.get("readable").asBoolean()).isTrue();
      } else {
        assertThat(b.get("problem").isNull()).as(b.toString()).isTrue();
      }
    }
    assertThat(names(backups)).as("no temp files left").isEqualTo(before);

    TestHome.Result text = home.run("library", "backups", "--verify");

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(3);
    List<String> lines = text.out().lines().collect(Collectors.toList());
    assertThat(lines.get(lineIndex(lines, damaged.getFileName().toString())))
        .matches(".*CORRUPT: \\S.*");
    for (String ok :
        List.of(
            a.getFileName().toString(),
            "vpo-library-2026-02-05T143022Z.tar.gz",
            "vpo-library-2026-03-01T10-00-00Z-pre-migration.tar.gz")) {
      assertThat(lines.get(lineIndex(lines, ok))).endsWith(ok + "  ok");
    }
    assertThat(lines.get(lines.size() - 1)).endsWith("; 1 corrupt");
    assertThat(names(backups)).isEqualTo(before);

    Files.delete(damaged);
    TestHome.Result clean = home.run("library", "backups", "--verify", "--json");

    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(json(clean).get("backups"))
        .hasSize(3)
        .allSatisfy(b -> assertThat(b.get("valid").asBoolean()).isTrue());
    TestHome.Result cleanText = home.run("library", "backups", "--verify");
    assertThat(cleanText.exitCode()).isZero();
    assertThat(cleanText.out()).doesNotContain("CORRUPT").contains("all valid");
    before.remove(damaged.getFileName().toString());
    assertThat(names(backups)).isEqualTo(before);
  }

  @Test
  void anEmptyDirectorySaysHowToMakeABackupAndAMissingOneIsAnError() throws Exception {
    TestHome home = new TestHome(tmp);
    Files.createDirectories(home.home().resolve("empty"));

    for (String[] args :
        List.of(
            new String[] {"library", "backups"},
            new String[] {"library", "backups", "--path", "empty"})) {
      TestHome.Result r = home.run(args);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).startsWith("No backups in ").contains("vpo library backup");
    }

    // A directory the user names and that is not there is a mistake to point out, not "none".
    TestHome.Result missing = home.run("library", "backups", "--path", "missing");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
    assertThat(errorLines(missing))
        .singleElement()
        .asString()
        .contains("no directory")
        .contains(home.home().resolve("missing").toString());
    assertThat(home.home().resolve("missing")).doesNotExist();

    TestHome.Result r = home.run("library", "backups", "--path", "empty", "--json");

    assertThat(r.exitCode()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("directory").asText())
        .isEqualTo(home.home().resolve("empty").toAbsolutePath().toString());
    assertThat(doc.get("total_count").asInt()).isZero();
    assertThat(doc.get("total_size_bytes").asLong()).isZero();
    assertThat(doc.get("backups").isArray()).isTrue();
    assertThat(doc.get("backups")).isEmpty();
    assertThat(
            assertJsonError(
                home.run("library", "backups", "--path", "missing", "--json"), 1, "listing_failed"))
        .isNotNull();
    assertThat(home.home().resolve("missing")).doesNotExist();
  }

  @Test
  void pathListsAnotherDirectory() throws Exception {
    TestHome home = new TestHome(tmp);
    Path usb = Files.createDirectories(home.home().resolve("usb"));
    ArchiveBuilder db = ArchiveBuilder.ofNewLibrary(tmp, 1).kind("backup");
    db.createdAt(Instant.parse("2026-03-01T10:00:00Z"))
        .writeTo(usb.resolve("vpo-library-2026-03-01T10-00-00Z.tar.gz"));
    db.createdAt(Instant.parse("2026-03-02T10:00:00Z"))
        .writeTo(usb.resolve("vpo-library-2026-03-02T10-00-00Z.tar.gz"));
    Path absolute = Files.createDirectories(tmp.resolve("elsewhere"));
    db.createdAt(Instant.parse("2026-03-03T10:00:00Z"))
        .writeTo(absolute.resolve("vpo-library-2026-03-03T10-00-00Z.tar.gz"));

    TestHome.Result relative = home.run("library", "backups", "--path", "usb", "--json");
    TestHome.Result full = home.run("library", "backups", "--path", absolute.toString(), "--json");

    assertThat(relative.exitCode()).as(relative.toString()).isZero();
    assertThat(json(relative).get("directory").asText()).isEqualTo(usb.toString());
    assertThat(filenames(json(relative)))
        .containsExactly(
            "vpo-library-2026-03-02T10-00-00Z.tar.gz", "vpo-library-2026-03-01T10-00-00Z.tar.gz");
    assertThat(json(relative).get("backups").get(0).get("path").asText())
        .isEqualTo(usb.resolve("vpo-library-2026-03-02T10-00-00Z.tar.gz").toString());
    assertThat(filenames(json(full))).containsExactly("vpo-library-2026-03-03T10-00-00Z.tar.gz");
    TestHome.Result one = home.run("library", "backups", "--path", absolute.toString());
    assertThat(one.out().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo("1 backup, " + humanSize(size(absolute.resolve(filenames(json(full)).get(0)))));
  }

  @Test
  void theDefaultDirectoryComesFromTheConfig() throws Exception {
    TestHome home = new TestHome(tmp);
    Files.createDirectories(home.dataDir());
    Files.writeString(
        home.dataDir().resolve("config.toml"), "[backup]\ndirectory = \"~/vpo-backups\"\n");
    Path dir = Files.createDirectories(home.home().resolve("vpo-backups"));
    ArchiveBuilder.ofNewLibrary(tmp, 0)
        .createdAt(Instant.parse("2026-03-01T10:00:00Z"))
        .kind("backup")
        .writeTo(dir.resolve("vpo-library-2026-03-01T10-00-00Z.tar.gz"));

    TestHome.Result r = home.run("library", "backups", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).get("directory").asText()).isEqualTo(dir.toString());
    assertThat(filenames(json(r))).containsExactly("vpo-library-2026-03-01T10-00-00Z.tar.gz");
  }

  // --- helpers

  private static void assertEntry(JsonNode b, Expected e, Path dir) {
    List<String> keys = fieldNames(b);
    assertThat(keys.subList(0, SPEC_KEYS.size())).as(b.toString()).isEqualTo(SPEC_KEYS);
    assertThat(keys.subList(SPEC_KEYS.size(), keys.size())).isSubsetOf(EXTRA_KEYS);
    assertThat(b.get("filename").asText()).isEqualTo(e.filename());
    assertThat(b.get("path").asText()).isEqualTo(dir.resolve(e.filename()).toString());
    assertThat(b.get("created_at").asText()).as(b.toString()).isEqualTo(ISO.format(e.createdAt()));
    assertThat(b.get("archive_size_bytes").isIntegralNumber()).isTrue();
    assertThat(b.get("archive_size_bytes").asLong()).isEqualTo(size(dir.resolve(e.filename())));
    assertThat(b.get("readable").isBoolean()).isTrue();
    assertThat(b.get("readable").asBoolean()).as(b.toString()).isEqualTo(e.readable());
    if (b.has("kind")) {
      assertThat(b.get("kind").asText()).as(b.toString()).isEqualTo(e.kind());
    }
    if (!e.readable()) {
      assertThat(b.get("problem").asText())
          .as(b.toString())
          .isNotBlank()
          .isNotEqualTo("unreadable");
      assertThat(b.get("database_size_bytes").isNull()).as(b.toString()).isTrue();
      assertThat(b.get("file_count").isNull()).isTrue();
      assertThat(b.get("schema_version").isNull()).isTrue();
      return;
    }
    assertThat(b.get("database_size_bytes").isIntegralNumber()).as(b.toString()).isTrue();
    assertThat(b.get("file_count").isIntegralNumber()).isTrue();
    assertThat(b.get("schema_version").isIntegralNumber()).isTrue();
    assertThat(b.get("schema_version").asInt()).as(b.toString()).isEqualTo(e.schema());
    assertThat(b.get("file_count").asLong()).as(b.toString()).isEqualTo(e.fileCount());
    if (e.databaseSize() != null) {
      assertThat(b.get("database_size_bytes").asLong()).isEqualTo(e.databaseSize());
    } else {
      assertThat(b.get("database_size_bytes").asLong()).isPositive();
    }
  }

  private static Expected made(JsonNode backup, int made) {
    return new Expected(
        fileName(backup),
        Instant.parse(backup.get("created_at").asText()),
        made,
        true,
        backup.get("database_size_bytes").asLong(),
        backup.get("file_count").asLong(),
        backup.get("schema_version").asInt(),
        "backup");
  }

  private static Expected unreadable(String filename, String createdAt, String kind) {
    return new Expected(filename, Instant.parse(createdAt), 200, false, null, null, null, kind);
  }

  private static String fileName(JsonNode backup) {
    return Path.of(backup.get("path").asText()).getFileName().toString();
  }

  /** The time in a name vpo made, read with a pattern of the test's own. */
  private static Instant timeInName(Path p) {
    String stamp = p.getFileName().toString().substring("vpo-library-".length()).substring(0, 19);
    return LocalDateTime.parse(
            stamp, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss", Locale.ROOT))
        .toInstant(ZoneOffset.UTC);
  }

  private static Path only(Path dir, String suffix) throws Exception {
    try (var s = Files.list(dir)) {
      List<Path> found =
          s.filter(p -> p.getFileName().toString().endsWith(suffix)).collect(Collectors.toList());
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> filenames(JsonNode doc) {
    List<String> names = new ArrayList<>();
    doc.get("backups").forEach(b -> names.add(b.get("filename").asText()));
    return names;
  }

  private static int lineIndex(List<String> lines, String filename) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith(" " + filename) || lines.get(i).contains(" " + filename + "  ")) {
        return i;
      }
    }
    throw new AssertionError(filename + " not in:\n" + String.join("\n", lines));
  }

  /** Sleeps until the wall clock shows a later second than {@code t}. */
  private static void waitForSecondAfter(Instant t) {
    Instant second = t.truncatedTo(ChronoUnit.SECONDS);
    while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(second)) {
      sleep(10);
    }
  }

  /** Sleeps until a new second has just begun, so the next moments share it. */
  private static void waitForFreshSecond() {
    long ms = System.currentTimeMillis() % 1000;
    sleep(1000 - ms + 5);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** PRODUCT.md section 6, written out independently: 1024-based, one decimal. */
  private static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kib = bytes / 1024.0;
    if (kib < 1024) {
      return String.format(Locale.ROOT, "%.1f KB", kib);
    }
    double mib = kib / 1024.0;
    if (mib < 1024) {
      return String.format(Locale.ROOT, "%.1f MB", mib);
    }
    return String.format(Locale.ROOT, "%.1f GB", mib / 1024.0);
  }
}
