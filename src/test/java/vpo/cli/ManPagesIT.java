package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build writes the man pages into {@code target/man/man1}, exactly as vpo describes itself. */
class ManPagesIT {
  @Test
  void thePackageHoldsAManPageForEveryCommand() throws Exception {
    Path dir =
        Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/man/man1");
    Map<String, String> pages = ManPages.pages();

    assertThat(pages).containsKeys("vpo.1", "vpo-library-backup.1", "vpo-completion.1");
    for (Map.Entry<String, String> page : pages.entrySet()) {
      assertThat(dir.resolve(page.getKey())).as(page.getKey()).exists();
      assertThat(Files.readString(dir.resolve(page.getKey()))).isEqualTo(page.getValue());
    }
  }
}
