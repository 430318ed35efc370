package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One schedule per library: the name follows the library, whatever path names it. */
class ScheduleNameTest {
  @TempDir Path tmp;

  @Test
  void theDefaultLibraryIsPlainVpoBackup() {
    Path home = tmp.resolve("home");

    ScheduleName name = ScheduleName.forLibrary(home.resolve(".vpo/library.db"), home);

    assertThat(name.id()).isEqualTo("vpo-backup");
    assertThat(name.timerFile()).isEqualTo("vpo-backup.timer");
    assertThat(name.plistFile()).isEqualTo("vpo.backup.plist");
  }

  @Test
  void otherLibrariesGetAShortHashOfTheirPath() {
    Path home = tmp.resolve("home");

    ScheduleName a = ScheduleName.forLibrary(tmp.resolve("a/library.db"), home);
    ScheduleName b = ScheduleName.forLibrary(tmp.resolve("b/library.db"), home);

    assertThat(a.id()).matches("vpo-backup-[0-9a-f]{8}");
    assertThat(a).isNotEqualTo(b);
    assertThat(ScheduleName.forLibrary(tmp.resolve("a/./x/../library.db"), home)).isEqualTo(a);
    assertThat(a.launchdLabel())
        .isEqualTo("vpo.backup-" + a.id().substring("vpo-backup-".length()));
  }

  @Test
  void aLibraryReachedThroughALinkHasTheSameName() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path real = Files.createDirectories(tmp.resolve("disk/vpo"));
    Files.writeString(real.resolve("library.db"), "");
    Files.createSymbolicLink(home.resolve(".vpo"), real);
    Path elsewhere = Files.createSymbolicLink(tmp.resolve("lib"), real);

    assertThat(ScheduleName.forLibrary(real.resolve("library.db"), home).id())
        .isEqualTo("vpo-backup");
    assertThat(ScheduleName.forLibrary(elsewhere.resolve("library.db"), home).id())
        .isEqualTo("vpo-backup");
  }
}
