package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.json;
import static vpo.testing.DiskState.names;
import static vpo.testing.DiskState.size;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vpo.archive.BackupKind;
import vpo.archive.BackupNames;
import vpo.testing.ArchiveBuilder;
import vpo.testing.TestHome;

/**
 * {@code vpo library backups prune} over five months of archives, against an independent model of
 * restic's {@code forget} rules written here: keep the newest N, and the newest archive of each of
 * the last N UTC days, ISO weeks and months that have archives.
 */
class LibraryBackupsPruneTest {
  /** The archives every case starts from: built once, copied into each test's backup directory. */
  @TempDir static Path template;

  private static final List<Archive> PLAIN = new ArrayList<>();
  private static final List<Archive> SAFETY = new ArrayList<>();
  private static final List<Archive> UNREADABLE = new ArrayList<>();

  @TempDir Path tmp;
  private TestHome home;

  /** One archive in the template, and what the model needs to know about it. */
  record Archive(String name, Instant created, boolean safety, boolean readable, long size) {}

  /** The retention flags of one case, and what the model makes of them. */
  record Rules(int last, int daily, int weekly, int monthly, boolean includeSafety) {
    List<String> flags() {
      List<String> f = new ArrayList<>();
      if (last > 0) {
        f.addAll(List.of("--keep-last", Integer.toString(last)));
      }
      if (daily > 0) {
        f.addAll(List.of("--keep-daily", Integer.toString(daily)));
      }
      if (weekly > 0) {
        f.addAll(List.of("--keep-weekly", Integer.toString(weekly)));
      }
      if (monthly > 0) {
        f.addAll(List.of("--keep-monthly", Integer.toString(monthly)));
      }
      if (includeSafety) {
        f.add("--include-safety");
      }
      return f;
    }
  }

  @BeforeAll
  static void buildTemplate() throws IOException {
    ArchiveBuilder[] dbs = {
      ArchiveBuilder.ofNewLibrary(template, 0),
      ArchiveBuilder.ofNewLibrary(template, 1),
      ArchiveBuilder.ofNewLibrary(template, 2)
    };
    Random random = new Random(20251001);
    Instant start = Instant.parse("2025-10-01T00:00:00Z");
    Set<Instant> times = new TreeSet<>();
    while (times.size() < 60) {
      Instant day = start.plus(random.nextInt(150), ChronoUnit.DAYS);
      int perDay = random.nextInt(5) == 0 ? 3 : 1; // sometimes several a day
      for (int i = 0; i < perDay; i++) {
        times.add(day.plusSeconds(random.nextInt(86_400)));
      }
    }
    // Around the turn of the year: Sunday 2025-12-28 is in 2025-W52; Monday 2025-12-29 to
    // Sunday 2026-01-04 are 2026-W01. And either side of midnight UTC at a month's end.
    for (String t :
        List.of(
            "2025-12-28T23:00:00Z",
            "2025-12-30T10:00:00Z",
            "2026-01-02T09:00:00Z",
            "2026-01-31T23:30:00Z",
            "2026-02-01T00:30:00Z")) {
      times.add(Instant.parse(t));
    }
    // Two the Python VPO wrote (library.db first, compact names): pruned like any other.
    for (String t : List.of("2025-10-02T14:30:22Z", "2026-01-20T06:00:00Z")) {
      Instant created = Instant.parse(t);
      times.remove(created);
      String name =
          "vpo-library-" + t.substring(0, 11) + t.substring(11, 19).replace(":", "") + "Z.tar.gz";
      Path p = dbs[1].createdAt(created).writePythonStyle(template.resolve(name));
      PLAIN.add(new Archive(name, created, false, true, size(p)));
    }
    int i = 0;
    for (Instant t : times) {
      PLAIN.add(write(t, BackupKind.BACKUP, dbs[i++ % dbs.length]));
    }
    PLAIN.sort(Comparator.comparing(Archive::created));
    for (String t :
        List.of(
            "2026-03-01T12:00:00Z", // newer than every plain backup
            "2026-02-15T08:00:00Z",
            "2025-10-05T08:00:00Z")) {
      SAFETY.add(write(Instant.parse(t), BackupKind.PRE_RESTORE, dbs[0]));
    }
    SAFETY.add(write(Instant.parse("2025-11-11T11:11:11Z"), BackupKind.PRE_MIGRATION, dbs[1]));
    // Unreadable: one newer than everything, one among the oldest.
    for (String t : List.of("2026-03-02T00:00:00Z", "2025-10-01T00:00:01Z")) {
      String name = BackupNames.name(Instant.parse(t), BackupKind.BACKUP, 1);
      byte[] junk = new byte[3000 + UNREADABLE.size()];
      random.nextBytes(junk);
      Files.write(template.resolve(name), junk);
      UNREADABLE.add(new Archive(name, Instant.parse(t), false, false, junk.length));
    }
  }

  private static Archive write(Instant t, BackupKind kind, ArchiveBuilder db) {
    String name = BackupNames.name(t, kind, 1);
    Path p = db.createdAt(t).kind(kind.label()).writeTo(template.resolve(name));
    return new Archive(name, t, kind.isSafety(), true, size(p));
  }

  @BeforeEach
  void newHome() {
    home = new TestHome(tmp);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("keep-last only", new Rules(5, 0, 0, 0, false), false, false),
        Arguments.of("daily only", new Rules(0, 10, 0, 0, false), false, false),
        Arguments.of(
            "weekly only, across the ISO year", new Rules(0, 0, 12, 0, false), false, false),
        Arguments.of("monthly only", new Rules(0, 0, 0, 3, false), false, false),
        Arguments.of("all combined", new Rules(3, 7, 5, 12, false), false, false),
        Arguments.of("with safety archives", new Rules(4, 0, 0, 2, false), true, false),
        Arguments.of("--include-safety", new Rules(4, 0, 0, 2, true), true, false),
        Arguments.of("with unreadable archives", new Rules(2, 3, 0, 0, false), false, true),
        Arguments.of("unreadable and --include-safety", new Rules(2, 0, 2, 0, true), true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pruneKeepsExactlyWhatTheRulesKeep(
      String name, Rules rules, boolean withSafety, boolean withUnreadable) {
    List<Archive> archives = install(withSafety, withUnreadable);
    Map<String, Set<String>> expected = model(archives, rules);
    Set<String> expectedRemoved = namesOf(archives);
    expectedRemoved.removeAll(expected.keySet());
    assertThat(expectedRemoved).as("the case removes something").isNotEmpty();

    TestHome.Result r = prune(rules.flags(), "--yes", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("dry_run").asBoolean()).isFalse();
    assertThat(reasons(doc)).isEqualTo(expected);
    assertThat(removed(doc).keySet()).isEqualTo(expectedRemoved);
    Map<String, Long> sizes = sizes(archives);
    removed(doc).forEach((file, bytes) -> assertThat(bytes).as(file).isEqualTo(sizes.get(file)));
    assertThat(doc.get("freed_bytes").isIntegralNumber()).isTrue();
    assertThat(doc.get("freed_bytes").asLong())
        .isEqualTo(expectedRemoved.stream().mapToLong(sizes::get).sum());
    assertThat(names(home.backups())).containsExactlyElementsOf(expected.keySet());
    if (withSafety) {
      assertThat(names(home.backups()).containsAll(namesOf(SAFETY)))
          .isEqualTo(!rules.includeSafety());
    }
    if (withUnreadable) {
      assertThat(names(home.backups())).containsAll(namesOf(UNREADABLE));
    }
  }

  @Test
  void dryRunShowsThePlanAndDeletesNothing() {
    List<Archive> archives = install(true, true);
    Rules rules = new Rules(3, 0, 4, 0, false);
    Map<String, Set<String>> expected = model(archives, rules);
    List<String> before = names(home.backups());

    TestHome.Result r = prune(rules.flags(), "--dry-run", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.get("dry_run").asBoolean()).isTrue();
    assertThat(reasons(doc)).isEqualTo(expected);
    Map<String, Long> sizes = sizes(archives);
    assertThat(doc.get("freed_bytes").asLong())
        .isEqualTo(removed(doc).keySet().stream().mapToLong(sizes::get).sum())
        .isPositive();
    assertThat(names(home.backups())).isEqualTo(before);

    TestHome.Result text = prune(rules.flags(), "--dry-run");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("nothing was deleted");
    assertThat(names(home.backups())).isEqualTo(before);
  }

  @Test
  void textShowsWhatItKeepsWithTheRulesAndWhatItDeletes() {
    List<Archive> archives = install(true, false);
    Rules rules = new Rules(2, 0, 3, 0, false);
    Map<String, Set<String>> expected = model(archives, rules);
    Set<String> removed = namesOf(archives);
    removed.removeAll(expected.keySet());

    TestHome.Result r = prune(rules.flags(), "--yes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().collect(Collectors.toList());
    assertThat(lines)
        .contains("Keep (" + expected.size() + "):", "Remove (" + removed.size() + "):");
    expected.forEach(
        (file, why) -> {
          String line = lineWith(lines, file);
          String bracket = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
          assertThat(Set.of(bracket.split(", "))).as(line).isEqualTo(why);
        });
    removed.forEach(file -> assertThat(lineWith(lines, file)).doesNotContain("["));
    assertThat(lines.get(lines.size() - 1)).startsWith("Deleted " + removed.size() + " archives");
    assertThat(names(home.backups())).containsExactlyElementsOf(expected.keySet());
  }

  @Test
  void withNoRuleItRefusesAndDeletesNothing() {
    install(true, true);
    List<String> before = names(home.backups());

    for (List<String> args :
        List.of(
            List.of("--yes"),
            List.of("--yes", "--json"),
            List.of("--keep-last", "0", "--keep-daily", "0", "--yes"),
            List.of("--include-safety", "--yes"),
            List.of("--keep-last", "-1", "--yes"))) {
      TestHome.Result r = prune(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(names(home.backups())).isEqualTo(before);
    }
    TestHome.Result r = prune(List.of("--yes"));
    assertThat(r.err()).contains("Error:").contains("--keep-last");
  }

  @Test
  void rulesComeFromTheConfigAndFlagsOverrideThem() throws IOException {
    List<Archive> archives = install(true, false);
    Files.writeString(
        home.dataDir().resolve("config.toml"),
        "# as the Python VPO writes it, plus retention\n"
            + "[server]\nport = 8321\n\n[backup]\nkeep_last = 3\nkeep_weekly = 2\n");

    TestHome.Result planned = prune(List.of("--dry-run", "--json"));

    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    assertThat(reasons(json(planned))).isEqualTo(model(archives, new Rules(3, 0, 2, 0, false)));

    TestHome.Result overridden = prune(List.of("--keep-last", "8", "--dry-run", "--json"));

    assertThat(overridden.exitCode()).as(overridden.toString()).isZero();
    assertThat(reasons(json(overridden))).isEqualTo(model(archives, new Rules(8, 0, 2, 0, false)));

    TestHome.Result allOff =
        prune(List.of("--keep-last", "0", "--keep-weekly", "0", "--yes", "--json"));

    assertThat(allOff.exitCode()).as(allOff.toString()).isEqualTo(2);

    TestHome.Result applied = prune(List.of("--yes", "--json"));

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(names(home.backups()))
        .containsExactlyElementsOf(model(archives, new Rules(3, 0, 2, 0, false)).keySet());
  }

  @Test
  void withoutYesAndNoTerminalItRefusesAndDeletesNothing() {
    install(false, false);
    List<String> before = names(home.backups());

    TestHome.Result text = prune(List.of("--keep-last", "2"));
    TestHome.Result jsonRun = prune(List.of("--keep-last", "2", "--json"));

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
    assertThat(text.err()).contains("Error:").contains("--yes");
    assertThat(jsonRun.exitCode()).as(jsonRun.toString()).isEqualTo(1);
    assertThat(json(jsonRun).get("success").asBoolean()).isFalse();
    assertThat(json(jsonRun).get("error_code").asText()).isEqualTo("declined");
    assertThat(names(home.backups())).isEqualTo(before);

    TestHome.Result declined =
        home.terminal(true).stdin("n\n").run(args(List.of("--keep-last", "2")));

    assertThat(declined.exitCode()).as(declined.toString()).isEqualTo(1);
    assertThat(declined.err()).contains("Continue? [y/N]");
    assertThat(names(home.backups())).isEqualTo(before);

    TestHome.Result confirmed =
        home.terminal(true).stdin("y\n").run(args(List.of("--keep-last", "2")));

    assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
    assertThat(names(home.backups())).hasSize(2);
  }

  @Test
  void pathPrunesAnotherDirectoryOnly() throws IOException {
    install(false, false);
    Path usb = Files.createDirectories(home.home().resolve("usb"));
    for (Archive a : PLAIN) {
      Files.copy(template.resolve(a.name()), usb.resolve(a.name()));
    }
    List<String> before = names(home.backups());

    TestHome.Result r = prune(List.of("--path", "usb", "--keep-monthly", "2", "--yes", "--json"));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(names(usb))
        .containsExactlyElementsOf(model(PLAIN, new Rules(0, 0, 0, 2, false)).keySet());
    assertThat(names(home.backups())).isEqualTo(before);
  }

  @Test
  void nothingToDeleteNeedsNoConfirmation() {
    install(false, false);
    List<String> before = names(home.backups());

    TestHome.Result r = prune(List.of("--keep-last", "1000", "--json"));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).get("remove")).isEmpty();
    assertThat(json(r).get("freed_bytes").asLong()).isZero();
    assertThat(names(home.backups())).isEqualTo(before);
  }

  @Test
  void pruneNeverFollowsLinksNorTouchesDirectories() throws IOException {
    install(false, false);
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Archive oldest = PLAIN.get(0);
    Path target = Files.copy(template.resolve(oldest.name()), outside.resolve(oldest.name()));
    byte[] targetBytes = Files.readAllBytes(target);
    // Named like archives older than all the others: the first to go, were they archives.
    Path link =
        home.backups()
            .resolve(BackupNames.name(Instant.parse("2020-01-01T00:00:00Z"), BackupKind.BACKUP, 1));
    Files.createSymbolicLink(link, target);
    Path dir =
        home.backups()
            .resolve(BackupNames.name(Instant.parse("2020-01-02T00:00:00Z"), BackupKind.BACKUP, 1));
    Files.createDirectory(dir);
    Files.copy(target, dir.resolve(oldest.name()));

    TestHome.Result r = prune(List.of("--keep-last", "1", "--yes", "--json"));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).doesNotContain("2020-01-0");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
    assertThat(Files.readAllBytes(target)).isEqualTo(targetBytes);
    assertThat(names(outside)).containsExactly(oldest.name());
    assertThat(names(dir)).containsExactly(oldest.name());
    assertThat(names(home.backups()))
        .containsExactlyInAnyOrder(
            PLAIN.get(PLAIN.size() - 1).name(),
            link.getFileName().toString(),
            dir.getFileName().toString());
  }

  @Test
  void backupWithPruneAppliesTheConfiguredRulesAfterTheBackup() throws IOException {
    install(true, false);
    Files.writeString(home.dataDir().resolve("config.toml"), "[backup]\nkeep_last = 2\n");

    TestHome.Result r = home.run("library", "backup", "--prune", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    String made = Path.of(doc.get("path").asText()).getFileName().toString();
    JsonNode pruned = doc.get("prune");
    assertThat(pruned.get("dry_run").asBoolean()).isFalse();
    Set<String> kept = new TreeSet<>(namesOf(SAFETY));
    kept.add(made);
    kept.add(PLAIN.get(PLAIN.size() - 1).name());
    assertThat(names(home.backups())).containsExactlyElementsOf(kept);
    assertThat(reasons(pruned).get(made)).containsExactly("last");
    assertThat(removed(pruned)).hasSize(PLAIN.size() - 1);
  }

  @Test
  void backupWithPruneButNoRulesWarnsAndDeletesNothing() throws IOException {
    install(true, false);
    Files.writeString(home.dataDir().resolve("config.toml"), "[backup]\n");
    List<String> before = names(home.backups());

    TestHome.Result r = home.run("library", "backup", "--prune");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Warning:").contains("--prune").contains("keep_");
    List<String> after = names(home.backups());
    assertThat(after).containsAll(before).hasSize(before.size() + 1);
  }

  // --- the independent model

  /** What restic's forget keeps of {@code archives} under {@code rules}, with the reasons. */
  static Map<String, Set<String>> model(List<Archive> archives, Rules rules) {
    Map<String, Set<String>> keep = new TreeMap<>();
    List<Archive> candidates = new ArrayList<>();
    for (Archive a : archives) {
      if (!a.readable()) {
        keep.put(a.name(), new HashSet<>(Set.of("unreadable")));
      } else if (a.safety() && !rules.includeSafety()) {
        keep.put(a.name(), new HashSet<>(Set.of("safety")));
      } else {
        candidates.add(a);
      }
    }
    candidates.sort(Comparator.comparing(Archive::created).reversed());
    for (int i = 0; i < candidates.size() && i < rules.last(); i++) {
      keep.computeIfAbsent(candidates.get(i).name(), k -> new HashSet<>()).add("last");
    }
    newestPerPeriod(candidates, rules.daily(), "daily", d -> d, keep);
    newestPerPeriod(
        candidates,
        rules.weekly(),
        "weekly",
        d -> d.minusDays(d.getDayOfWeek().getValue() - 1L), // the Monday that starts its ISO week
        keep);
    newestPerPeriod(candidates, rules.monthly(), "monthly", YearMonth::from, keep);
    return keep;
  }

  private static void newestPerPeriod(
      List<Archive> newestFirst,
      int count,
      String rule,
      Function<LocalDate, Object> period,
      Map<String, Set<String>> keep) {
    Set<Object> periods = new LinkedHashSet<>();
    for (Archive a : newestFirst) {
      Object p = period.apply(a.created().atZone(ZoneOffset.UTC).toLocalDate());
      if (periods.contains(p)) {
        continue;
      }
      if (periods.size() == count) {
        return;
      }
      periods.add(p);
      keep.computeIfAbsent(a.name(), k -> new HashSet<>()).add(rule);
    }
  }

  // --- helpers

  /** Copies the plain archives, and optionally the safety and unreadable ones, into the home. */
  private List<Archive> install(boolean withSafety, boolean withUnreadable) {
    List<Archive> all = new ArrayList<>(PLAIN);
    if (withSafety) {
      all.addAll(SAFETY);
    }
    if (withUnreadable) {
      all.addAll(UNREADABLE);
    }
    try {
      Files.createDirectories(home.backups());
      for (Archive a : all) {
        Files.copy(template.resolve(a.name()), home.backups().resolve(a.name()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(all.stream().map(Archive::created).distinct()).hasSameSizeAs(all);
    return all;
  }

  private TestHome.Result prune(List<String> flags, String... more) {
    List<String> all = new ArrayList<>(flags);
    all.addAll(List.of(more));
    return home.run(args(all));
  }

  private static String[] args(List<String> flags) {
    List<String> all = new ArrayList<>(List.of("library", "backups", "prune"));
    all.addAll(flags);
    return all.toArray(String[]::new);
  }

  private static Map<String, Set<String>> reasons(JsonNode doc) {
    Map<String, Set<String>> m = new TreeMap<>();
    for (JsonNode k : doc.get("keep")) {
      Set<String> why = new HashSet<>();
      k.get("reasons").forEach(x -> why.add(x.asText()));
      assertThat(why).as(k.toString()).hasSize(k.get("reasons").size());
      m.put(k.get("filename").asText(), why);
    }
    return m;
  }

  private static Map<String, Long> removed(JsonNode doc) {
    Map<String, Long> m = new TreeMap<>();
    for (JsonNode e : doc.get("remove")) {
      assertThat(e.get("archive_size_bytes").isIntegralNumber()).isTrue();
      m.put(e.get("filename").asText(), e.get("archive_size_bytes").asLong());
    }
    return m;
  }

  private static Set<String> namesOf(List<Archive> archives) {
    return archives.stream().map(Archive::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Long> sizes(List<Archive> archives) {
    Map<String, Long> m = new HashMap<>();
    archives.forEach(a -> m.put(a.name(), a.size()));
    return m;
  }

  private static String lineWith(List<String> lines, String file) {
    return lines.stream()
        .filter(l -> l.contains(file))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " not in:\n" + String.join("\n", lines)));
  }
}
