package vpo.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import vpo.config.VpoConfig;

/**
 * Which archives to keep, with restic's {@code forget} semantics: keep the newest {@code keepLast},
 * and the newest archive of each of the last {@code keepDaily} days (weeks, months) that have
 * archives. Periods are UTC calendar days, ISO weeks and months of {@code created_at}. An archive
 * kept by any rule is kept. Safety archives are kept unless {@code includeSafety}; unreadable
 * archives are always kept. Neither takes part in the rules.
 */
public record RetentionPolicy(
    int keepLast, int keepDaily, int keepWeekly, int keepMonthly, boolean includeSafety) {

  /**
   * Each rule from its flag when given (not null), else from {@code [backup]} in the config: a flag
   * overrides the config one rule at a time, the safe direction (more is kept, never less).
   */
  public static RetentionPolicy of(
      VpoConfig config,
      Integer keepLast,
      Integer keepDaily,
      Integer keepWeekly,
      Integer keepMonthly,
      boolean includeSafety) {
    return new RetentionPolicy(
        pick(keepLast, config.keepLast()),
        pick(keepDaily, config.keepDaily()),
        pick(keepWeekly, config.keepWeekly()),
        pick(keepMonthly, config.keepMonthly()),
        includeSafety);
  }

  /** The rules configured in {@code [backup]}, safety archives kept. */
  public static RetentionPolicy configured(VpoConfig config) {
    return of(config, null, null, null, null, false);
  }

  private static int pick(Integer flag, OptionalInt configured) {
    return flag != null ? flag : configured.orElse(0);
  }

  /** Whether any rule is set; pruning without one would delete everything, so it is refused. */
  public boolean hasRule() {
    return keepLast > 0 || keepDaily > 0 || keepWeekly > 0 || keepMonthly > 0;
  }

  /** Why an encrypted archive that no identity given opens is kept. */
  public static final String NO_KEY = "no key";

  /** An archive kept, and the rules that keep it ({@code last}, {@code daily}, ...). */
  public record Kept(BackupEntry entry, List<String> reasons) {}

  /** What the policy keeps and removes, both newest first. */
  public record Plan(List<Kept> keep, List<BackupEntry> remove) {}

  /** Applies the policy to {@code entries} (any order). */
  public Plan apply(List<BackupEntry> entries) {
    List<BackupEntry> sorted = new ArrayList<>(entries);
    sorted.sort(BackupEntry.NEWEST_FIRST);
    Map<BackupEntry, List<String>> reasons = new LinkedHashMap<>();
    List<BackupEntry> candidates = new ArrayList<>();
    for (BackupEntry e : sorted) {
      reasons.put(e, new ArrayList<>());
      if (!e.readable()) {
        // An encrypted archive no identity opens: whose it is stays unknown until a key opens it.
        reasons.get(e).add(e.encrypted() && e.problem() == null ? NO_KEY : "unreadable");
      } else if (e.kind().isSafety() && !includeSafety) {
        reasons.get(e).add("safety");
      } else {
        candidates.add(e);
      }
    }
    for (int i = 0; i < Math.min(keepLast, candidates.size()); i++) {
      reasons.get(candidates.get(i)).add("last");
    }
    bucket(candidates, keepDaily, "daily", t -> day(t).toString(), reasons);
    bucket(
        candidates,
        keepWeekly,
        "weekly",
        t ->
            day(t).get(IsoFields.WEEK_BASED_YEAR)
                + "-W"
                + day(t).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
        reasons);
    bucket(
        candidates,
        keepMonthly,
        "monthly",
        t -> day(t).getYear() + "-" + day(t).getMonthValue(),
        reasons);
    List<Kept> keep = new ArrayList<>();
    List<BackupEntry> remove = new ArrayList<>();
    for (BackupEntry e : sorted) {
      List<String> why = reasons.get(e);
      if (why.isEmpty()) {
        remove.add(e);
      } else {
        keep.add(new Kept(e, List.copyOf(why)));
      }
    }
    return new Plan(List.copyOf(keep), List.copyOf(remove));
  }

  /** Keeps the newest archive of each of the first {@code n} distinct periods, newest first. */
  private static void bucket(
      List<BackupEntry> newestFirst,
      int n,
      String rule,
      Function<Instant, String> period,
      Map<BackupEntry, List<String>> reasons) {
    String last = null;
    int left = n;
    for (BackupEntry e : newestFirst) {
      if (left <= 0) {
        return;
      }
      String p = period.apply(e.createdAt());
      if (!p.equals(last)) {
        reasons.get(e).add(rule);
        last = p;
        left--;
      }
    }
  }

  private static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }
}
