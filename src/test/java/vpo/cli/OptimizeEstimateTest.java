package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;

/**
 * {@code optimize --dry-run} estimates what VACUUM will reclaim: not only free pages, but the
 * unused space inside half-empty pages that deleted rows leave, which VACUUM packs away.
 */
class OptimizeEstimateTest {
  @TempDir Path tmp;

  /**
   * A library where every other row was deleted: pages are half full, and almost none is free, so
   * counting free pages alone would promise next to nothing.
   */
  private TestHome fragmented() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    LibraryFixture.addFiller(home.library(), 30_000, 100);
    LibraryFixture.execute(
        home.library(), "DELETE FROM " + LibraryFixture.FILLER + " WHERE id % 2 = 0");
    return home;
  }

  @Test
  void theEstimateIsCloseToWhatVacuumReclaims() {
    TestHome home = fragmented();
    String before = Sha256.of(home.library());

    TestHome.Result planned = home.run("library", "optimize", "--dry-run", "--json");
    TestHome.Result text = home.run("library", "optimize", "--dry-run");

    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    assertThat(Sha256.of(home.library())).as("a dry run changes nothing").isEqualTo(before);
    JsonNode plan = json(planned);
    long estimate = plan.get("reclaimed_bytes").longValue();
    long freePages = plan.get("free_page_bytes").longValue();
    assertThat(plan.get("unused_in_pages_bytes").longValue()).isPositive();
    assertThat(freePages).as("deleted rows left few free pages").isLessThan(estimate / 4);
    assertThat(text.out()).containsPattern("Would free: +about \\d+\\.\\d MB: ");
    assertThat(text.out()).contains("unused space inside pages");

    TestHome.Result done = home.run("library", "optimize", "--yes", "--json");

    assertThat(done.exitCode()).as(done.toString()).isZero();
    long reclaimed = json(done).get("reclaimed_bytes").longValue();
    assertThat(reclaimed).isGreaterThan(1_000_000);
    assertThat((double) estimate)
        .as("estimated %d, reclaimed %d", estimate, reclaimed)
        .isBetween(reclaimed * 0.9, reclaimed * 1.1);
  }
}
