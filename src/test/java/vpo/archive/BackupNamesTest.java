package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupNamesTest {
  private static final Instant T = Instant.parse("2026-02-05T14:30:22Z");

  @Test
  void namesCarryTheUtcSecondTheKindAndTheCollisionSuffix() {
    assertThat(BackupNames.name(T, BackupKind.BACKUP, 1))
        .isEqualTo("vpo-library-2026-02-05T14-30-22Z.tar.gz");
    assertThat(BackupNames.name(T, BackupKind.BACKUP, 2))
        .isEqualTo("vpo-library-2026-02-05T14-30-22Z-2.tar.gz");
    assertThat(BackupNames.name(T, BackupKind.PRE_RESTORE, 1))
        .isEqualTo("vpo-library-2026-02-05T14-30-22Z-pre-restore.tar.gz");
    assertThat(BackupNames.name(T, BackupKind.PRE_MIGRATION, 3))
        .isEqualTo("vpo-library-2026-02-05T14-30-22Z-pre-migration-3.tar.gz");
  }

  @Test
  void namesDropFractionsOfASecondAndUseUtcWhateverTheDefaultZone() {
    java.util.TimeZone saved = java.util.TimeZone.getDefault();
    try {
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Auckland"));
      assertThat(BackupNames.name(Instant.parse("2026-12-31T23:59:59.999Z"), BackupKind.BACKUP, 1))
          .isEqualTo("vpo-library-2026-12-31T23-59-59Z.tar.gz");
    } finally {
      java.util.TimeZone.setDefault(saved);
    }
  }

  @Test
  void everyNameItMakesReadsBackAsTimeKindAndSequence() {
    for (BackupKind kind : BackupKind.values()) {
      for (int n = 1; n <= 12; n++) {
        Path p = Path.of("/backups", BackupNames.name(T, kind, n));
        assertThat(BackupNames.timeOf(p)).as(p.toString()).contains(T);
        assertThat(BackupNames.kindOf(p)).as(p.toString()).isEqualTo(kind);
        assertThat(BackupNames.sequenceOf(p)).as(p.toString()).isEqualTo(n);
        assertThat(BackupNames.matches(p)).as(p.toString()).isTrue();
      }
    }
  }

  @Test
  void theCompactPythonFormReadsAsTheSameSecond() {
    Path compact = Path.of("vpo-library-2026-02-05T143022Z.tar.gz");

    assertThat(BackupNames.timeOf(compact)).contains(T);
    assertThat(BackupNames.kindOf(compact)).isEqualTo(BackupKind.BACKUP);
    assertThat(BackupNames.sequenceOf(compact)).isEqualTo(1);
    assertThat(BackupNames.matches(compact)).isTrue();
    assertThat(BackupNames.timeOf(Path.of("vpo-library-2026-02-05T143022Z-pre-restore-2.tar.gz")))
        .contains(T);
    assertThat(BackupNames.kindOf(Path.of("vpo-library-2026-02-05T143022Z-pre-restore-2.tar.gz")))
        .isEqualTo(BackupKind.PRE_RESTORE);
    assertThat(BackupNames.sequenceOf(Path.of("vpo-library-2026-02-05T143022Z-2.tar.gz")))
        .isEqualTo(2);
  }

  @Test
  void onlyTheFileNameCounts() {
    Path p = Path.of("/tmp/vpo-library-2020-01-01T00-00-00Z.tar.gz/vpo-library-x.tar.gz");

    assertThat(BackupNames.timeOf(p)).isEmpty();
    assertThat(BackupNames.matches(p)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vpo-library-2026-02-30T14-30-22Z.tar.gz", // no such day
        "vpo-library-2026-02-05T25-30-22Z.tar.gz", // no such hour
        "vpo-library-2026-02-05T14-30-22.tar.gz", // no Z
        "vpo-library-2026-02-05 14-30-22Z.tar.gz",
        "vpo-library-2026-02-05T14-30-22Z-pre-update.tar.gz",
        "vpo-library-2026-02-05T14-30-22Z-.tar.gz",
        "vpo-library-2026-02-05T14-30-22Z.tar",
        "vpo-library-garbage.tar.gz",
        "library-2026-02-05T14-30-22Z.tar.gz"
      })
  void malformedNamesHaveNoTime(String name) {
    Path p = Path.of(name);

    assertThat(BackupNames.timeOf(p)).isEmpty();
    assertThat(BackupNames.sequenceOf(p)).isEqualTo(1);
    assertThat(BackupNames.kindOf(p)).isEqualTo(BackupKind.BACKUP);
  }

  @Test
  void aSafetyCopyKeptAsADatabaseIsNamedLikeAnArchiveEndingInDb() {
    assertThat(BackupNames.databaseName(T, BackupKind.PRE_RESTORE, 1))
        .isEqualTo("vpo-library-2026-02-05T14-30-22Z-pre-restore.db");
    String second = BackupNames.databaseName(T, BackupKind.PRE_RESTORE, 2);

    assertThat(second).isEqualTo("vpo-library-2026-02-05T14-30-22Z-pre-restore-2.db");
    assertThat(BackupNames.timeOf(second)).contains(T);
    assertThat(BackupNames.kindOf(second)).isEqualTo(BackupKind.PRE_RESTORE);
    assertThat(BackupNames.sequenceOf(second)).isEqualTo(2);
    assertThat(BackupNames.matches(second)).isTrue();
    assertThat(BackupNames.isDatabaseCopy(second)).isTrue();
    assertThat(BackupNames.isEncrypted(second)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vpo-library-mine.db", // someone's library, not a copy vpo made
        "vpo-library-2026-02-05T14-30-22Z.db", // dated, but no kind: vpo writes no such copy
        "vpo-library-2026-02-05T14-30-22Z-pre-restore.db.bak",
        "vpo-library-2026-02-30T14-30-22Z-pre-restore.db", // no such day
        "library.db",
        ".vpo-tmp-123-abc-pre-restore.db"
      })
  void onlyAWellFormedNameIsADatabaseCopyAndNothingElseEndingInDbIsABackup(String name) {
    assertThat(BackupNames.isDatabaseCopy(name)).isFalse();
    assertThat(BackupNames.matches(name)).isFalse();
  }

  @Test
  void anArchiveIsNotADatabaseCopy() {
    assertThat(BackupNames.isDatabaseCopy("vpo-library-2026-02-05T14-30-22Z-pre-restore.tar.gz"))
        .isFalse();
    assertThat(BackupNames.isDatabaseCopy("vpo-library-2026-02-05T14-30-22Z.tar.gz.age")).isFalse();
  }

  @Test
  void theListingGlobIsPrefixAndExtension() {
    assertThat(BackupNames.matches(Path.of("vpo-library-garbage.tar.gz"))).isTrue();
    assertThat(BackupNames.matches(Path.of("vpo-library-x.tar"))).isFalse();
    assertThat(BackupNames.matches(Path.of("notes.txt"))).isFalse();
    assertThat(BackupNames.matches(Path.of(".vpo-tmp-123-abc-archive.tar.gz"))).isFalse();
  }
}
