package vpo.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpo.archive.BackupKind;
import vpo.archive.BackupMetadata;
import vpo.archive.BackupNames;

/**
 * The retention rules on hand-made entries: restic {@code forget} semantics, UTC calendar periods,
 * ISO weeks across year boundaries, ties within one second, safety and unreadable archives.
 */
class RetentionPolicyTest {
  private static final Path DIR = Path.of("/backups");
  private static final DateTimeFormatter CREATED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Test
  void aPolicyHasARuleOnlyWhenSomeCountIsPositive() {
    assertThat(new RetentionPolicy(0, 0, 0, 0, false).hasRule()).isFalse();
    assertThat(new RetentionPolicy(0, 0, 0, 0, true).hasRule()).isFalse();
    assertThat(new RetentionPolicy(1, 0, 0, 0, false).hasRule()).isTrue();
    assertThat(new RetentionPolicy(0, 1, 0, 0, false).hasRule()).isTrue();
    assertThat(new RetentionPolicy(0, 0, 1, 0, false).hasRule()).isTrue();
    assertThat(new RetentionPolicy(0, 0, 0, 1, false).hasRule()).isTrue();
  }

  @Test
  void keepLastKeepsTheNewestWhateverTheInputOrder() {
    List<BackupEntry> entries = new ArrayList<>();
    for (int day = 1; day <= 9; day++) {
      entries.add(backup(String.format("2026-03-%02dT10:00:00Z", day)));
    }
    Collections.shuffle(entries, new Random(7));

    RetentionPolicy.Plan plan = new RetentionPolicy(3, 0, 0, 0, false).apply(entries);

    assertThat(keptNames(plan))
        .containsExactly(
            name("2026-03-09T10:00:00Z"),
            name("2026-03-08T10:00:00Z"),
            name("2026-03-07T10:00:00Z"));
    assertThat(plan.keep()).allSatisfy(k -> assertThat(k.reasons()).containsExactly("last"));
    assertThat(removedNames(plan)).hasSize(6).doesNotContainAnyElementsOf(keptNames(plan));
    // Both lists are newest first.
    assertThat(removedNames(plan).get(0)).isEqualTo(name("2026-03-06T10:00:00Z"));
    assertThat(removedNames(plan).get(5)).isEqualTo(name("2026-03-01T10:00:00Z"));
  }

  @Test
  void countsLargerThanWhatExistsKeepWhatThereIs() {
    List<BackupEntry> entries =
        List.of(
            backup("2026-03-01T10:00:00Z"),
            backup("2026-03-01T11:00:00Z"),
            backup("2026-04-20T09:00:00Z"));

    assertThat(new RetentionPolicy(100, 0, 0, 0, false).apply(entries).remove()).isEmpty();
    RetentionPolicy.Plan daily = new RetentionPolicy(0, 100, 0, 0, false).apply(entries);
    assertThat(keptNames(daily))
        .containsExactly(name("2026-04-20T09:00:00Z"), name("2026-03-01T11:00:00Z"));
    assertThat(removedNames(daily)).containsExactly(name("2026-03-01T10:00:00Z"));
    assertThat(new RetentionPolicy(0, 0, 0, 100, false).apply(entries).keep()).hasSize(2);
  }

  @Test
  void nothingAtAllIsAnEmptyPlan() {
    RetentionPolicy.Plan plan = new RetentionPolicy(5, 5, 5, 5, false).apply(List.of());

    assertThat(plan.keep()).isEmpty();
    assertThat(plan.remove()).isEmpty();
  }

  @Test
  void dailyCountsOnlyDaysThatHaveArchives() {
    List<BackupEntry> entries =
        List.of(
            backup("2026-03-01T08:00:00Z"),
            backup("2026-03-01T20:00:00Z"),
            backup("2026-03-03T12:00:00Z"),
            backup("2026-03-10T01:00:00Z"),
            backup("2026-03-10T02:00:00Z"));

    RetentionPolicy.Plan plan = new RetentionPolicy(0, 3, 0, 0, false).apply(entries);

    // Days 10, 3 and 1 (the gaps do not use up the count), the newest of each.
    assertThat(keptNames(plan))
        .containsExactly(
            name("2026-03-10T02:00:00Z"),
            name("2026-03-03T12:00:00Z"),
            name("2026-03-01T20:00:00Z"));
    assertThat(removedNames(plan))
        .containsExactly(name("2026-03-10T01:00:00Z"), name("2026-03-01T08:00:00Z"));
  }

  @Test
  void twoArchivesOfTheSameSecondOrderByTheirCollisionSuffix() {
    Instant t = Instant.parse("2026-05-05T05:05:05Z");
    BackupEntry first = entry(t, BackupKind.BACKUP, 1);
    BackupEntry second = entry(t, BackupKind.BACKUP, 2);
    BackupEntry third = entry(t, BackupKind.BACKUP, 3);
    BackupEntry older = backup("2026-05-05T05:05:04Z");

    for (List<BackupEntry> order :
        List.of(
            List.of(first, second, third, older),
            List.of(older, third, second, first),
            List.of(second, older, first, third))) {
      RetentionPolicy.Plan last = new RetentionPolicy(1, 0, 0, 0, false).apply(order);
      assertThat(keptNames(last)).containsExactly(third.filename());
      assertThat(removedNames(last))
          .containsExactly(second.filename(), first.filename(), older.filename());

      RetentionPolicy.Plan daily = new RetentionPolicy(0, 1, 0, 0, false).apply(order);
      assertThat(keptNames(daily)).containsExactly(third.filename());
    }
  }

  @Test
  void tiesBetweenUnrelatedNamesAreBrokenTheSameWayWhateverTheInputOrder() {
    Instant t = Instant.parse("2026-02-05T14:30:22Z");
    BackupEntry vpo = entry(t, BackupKind.BACKUP, 1);
    BackupEntry python =
        readable(DIR.resolve("vpo-library-2026-02-05T143022Z.tar.gz"), t, BackupKind.BACKUP);

    String a = keptNames(new RetentionPolicy(1, 0, 0, 0, false).apply(List.of(vpo, python))).get(0);
    String b = keptNames(new RetentionPolicy(1, 0, 0, 0, false).apply(List.of(python, vpo))).get(0);

    assertThat(a).isEqualTo(b);
  }

  @Test
  void isoWeek53Of2026SpansTheNewYear() {
    // 2026 starts on a Thursday, so it has 53 ISO weeks: Mon 2026-12-28 .. Sun 2027-01-03.
    assertThat(LocalDate.of(2026, 12, 31).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).isEqualTo(53);
    assertThat(LocalDate.of(2027, 1, 1).get(IsoFields.WEEK_BASED_YEAR)).isEqualTo(2026);
    assertThat(LocalDate.of(2027, 1, 1).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).isEqualTo(53);
    List<BackupEntry> entries =
        List.of(
            backup("2026-12-27T12:00:00Z"), // Sunday of week 52
            backup("2026-12-28T00:00:00Z"), // Monday of week 53
            backup("2026-12-31T12:00:00Z"),
            backup("2027-01-01T12:00:00Z"),
            backup("2027-01-04T00:00:01Z")); // Monday of 2027-W01

    RetentionPolicy.Plan two = new RetentionPolicy(0, 0, 2, 0, false).apply(entries);
    assertThat(keptNames(two))
        .containsExactly(name("2027-01-04T00:00:01Z"), name("2027-01-01T12:00:00Z"));

    RetentionPolicy.Plan three = new RetentionPolicy(0, 0, 3, 0, false).apply(entries);
    assertThat(keptNames(three))
        .containsExactly(
            name("2027-01-04T00:00:01Z"),
            name("2027-01-01T12:00:00Z"),
            name("2026-12-27T12:00:00Z"));
    assertThat(removedNames(three))
        .containsExactly(name("2026-12-31T12:00:00Z"), name("2026-12-28T00:00:00Z"));
    assertThat(three.keep()).allSatisfy(k -> assertThat(k.reasons()).containsExactly("weekly"));
  }

  @Test
  void isoWeek1Of2025StartsIn2024() {
    // Monday 2024-12-30 belongs to 2025-W01; Sunday 2024-12-29 to 2024-W52.
    List<BackupEntry> entries =
        List.of(
            backup("2024-12-29T23:59:59Z"),
            backup("2024-12-30T00:00:00Z"),
            backup("2025-01-02T09:00:00Z"));

    RetentionPolicy.Plan plan = new RetentionPolicy(0, 0, 2, 0, false).apply(entries);

    assertThat(keptNames(plan))
        .containsExactly(name("2025-01-02T09:00:00Z"), name("2024-12-29T23:59:59Z"));
    assertThat(removedNames(plan)).containsExactly(name("2024-12-30T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"})
  void daysAndMonthsAreUtcWhateverTheDefaultZone(String zone) {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone(zone));
      List<BackupEntry> months =
          List.of(
              backup("2026-01-31T23:30:00Z"),
              backup("2026-02-01T00:30:00Z"),
              backup("2026-02-28T23:59:59Z"));
      RetentionPolicy.Plan monthly = new RetentionPolicy(0, 0, 0, 2, false).apply(months);
      assertThat(keptNames(monthly))
          .containsExactly(name("2026-02-28T23:59:59Z"), name("2026-01-31T23:30:00Z"));
      assertThat(removedNames(monthly)).containsExactly(name("2026-02-01T00:30:00Z"));

      List<BackupEntry> days =
          List.of(
              backup("2026-03-01T00:00:00Z"),
              backup("2026-03-01T23:59:59Z"),
              backup("2026-03-02T00:00:00Z"));
      RetentionPolicy.Plan daily = new RetentionPolicy(0, 2, 0, 0, false).apply(days);
      assertThat(keptNames(daily))
          .containsExactly(name("2026-03-02T00:00:00Z"), name("2026-03-01T23:59:59Z"));
      assertThat(removedNames(daily)).containsExactly(name("2026-03-01T00:00:00Z"));
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void monthsOfDifferentYearsAreDifferentMonths() {
    List<BackupEntry> entries =
        List.of(
            backup("2025-03-15T00:00:00Z"),
            backup("2026-03-01T00:00:00Z"),
            backup("2026-03-20T00:00:00Z"));

    RetentionPolicy.Plan plan = new RetentionPolicy(0, 0, 0, 2, false).apply(entries);

    assertThat(keptNames(plan))
        .containsExactly(name("2026-03-20T00:00:00Z"), name("2025-03-15T00:00:00Z"));
  }

  @Test
  void anArchiveKeptByManyRulesListsEachAndRulesDoNotShareTheirCounts() {
    List<BackupEntry> entries =
        List.of(
            backup("2026-06-01T10:00:00Z"),
            backup("2026-06-02T10:00:00Z"),
            backup("2026-06-02T11:00:00Z"));

    RetentionPolicy.Plan plan = new RetentionPolicy(1, 2, 1, 1, false).apply(entries);

    Map<String, List<String>> reasons = reasons(plan);
    assertThat(reasons)
        .containsExactly(
            Map.entry(name("2026-06-02T11:00:00Z"), List.of("last", "daily", "weekly", "monthly")),
            Map.entry(name("2026-06-01T10:00:00Z"), List.of("daily")));
    assertThat(removedNames(plan)).containsExactly(name("2026-06-02T10:00:00Z"));
  }

  @Test
  void safetyArchivesAreKeptAndTakeNoPartInTheRules() {
    BackupEntry preRestore =
        entry(Instant.parse("2026-07-03T00:00:00Z"), BackupKind.PRE_RESTORE, 1);
    BackupEntry preMigration =
        entry(Instant.parse("2026-07-01T00:00:00Z"), BackupKind.PRE_MIGRATION, 1);
    BackupEntry newest = backup("2026-07-02T00:00:00Z");
    BackupEntry older = backup("2026-06-30T00:00:00Z");
    List<BackupEntry> entries = List.of(preRestore, preMigration, newest, older);

    RetentionPolicy.Plan plan = new RetentionPolicy(1, 0, 0, 0, false).apply(entries);

    assertThat(reasons(plan))
        .containsExactly(
            Map.entry(preRestore.filename(), List.of("safety")),
            Map.entry(newest.filename(), List.of("last")),
            Map.entry(preMigration.filename(), List.of("safety")));
    assertThat(removedNames(plan)).containsExactly(older.filename());

    RetentionPolicy.Plan including = new RetentionPolicy(1, 0, 0, 0, true).apply(entries);
    assertThat(reasons(including))
        .containsExactly(Map.entry(preRestore.filename(), List.of("last")));
    assertThat(removedNames(including))
        .containsExactly(newest.filename(), preMigration.filename(), older.filename());
  }

  @Test
  void unreadableArchivesAreAlwaysKeptAndTakeNoPartInTheRules() {
    BackupEntry broken =
        new BackupEntry(
            DIR.resolve(name("2026-08-09T00:00:00Z")),
            10,
            Instant.parse("2026-08-09T00:00:00Z"),
            BackupKind.BACKUP,
            null,
            "not in gzip format");
    BackupEntry brokenSafety =
        new BackupEntry(
            DIR.resolve(
                BackupNames.name(Instant.parse("2026-08-10T00:00:00Z"), BackupKind.PRE_RESTORE, 1)),
            10,
            Instant.parse("2026-08-10T00:00:00Z"),
            BackupKind.PRE_RESTORE,
            null,
            "truncated");
    BackupEntry newest = backup("2026-08-08T00:00:00Z");
    BackupEntry older = backup("2026-08-07T00:00:00Z");

    for (boolean includeSafety : new boolean[] {false, true}) {
      RetentionPolicy.Plan plan =
          new RetentionPolicy(1, 1, 1, 1, includeSafety)
              .apply(List.of(older, broken, newest, brokenSafety));
      assertThat(reasons(plan))
          .containsExactly(
              Map.entry(brokenSafety.filename(), List.of("unreadable")),
              Map.entry(broken.filename(), List.of("unreadable")),
              Map.entry(newest.filename(), List.of("last", "daily", "weekly", "monthly")));
      assertThat(removedNames(plan)).containsExactly(older.filename());
    }
  }

  // --- helpers

  private static String name(String created) {
    return BackupNames.name(Instant.parse(created), BackupKind.BACKUP, 1);
  }

  private static BackupEntry backup(String created) {
    return entry(Instant.parse(created), BackupKind.BACKUP, 1);
  }

  private static BackupEntry entry(Instant created, BackupKind kind, int n) {
    return readable(DIR.resolve(BackupNames.name(created, kind, n)), created, kind);
  }

  private static BackupEntry readable(Path path, Instant created, BackupKind kind) {
    return new BackupEntry(path, 1000, created, kind, metadata(created, kind), null);
  }

  /** Metadata as an archive would carry it, read by the product's own parser. */
  private static BackupMetadata metadata(Instant created, BackupKind kind) {
    String json =
        "{\"vpo_version\": \"0.1.0\", \"schema_version\": 27, \"created_at\": \""
            + CREATED_AT.format(created)
            + "\", \"database_size_bytes\": 4096, \"file_count\": 0,"
            + " \"total_library_size_bytes\": 0, \"compression\": \"gzip\", \"database_sha256\":"
            + " \""
            + "0".repeat(64)
            + "\", \"format_version\": 1, \"kind\": \""
            + kind.label()
            + "\"}";
    return BackupMetadata.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> keptNames(RetentionPolicy.Plan plan) {
    return plan.keep().stream().map(k -> k.entry().filename()).collect(Collectors.toList());
  }

  private static List<String> removedNames(RetentionPolicy.Plan plan) {
    return plan.remove().stream().map(BackupEntry::filename).collect(Collectors.toList());
  }

  private static Map<String, List<String>> reasons(RetentionPolicy.Plan plan) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    plan.keep().forEach(k -> m.put(k.entry().filename(), k.reasons()));
    return m;
  }
}
