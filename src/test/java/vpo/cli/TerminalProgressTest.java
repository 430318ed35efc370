package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The progress line, frame by frame on a clock the test moves: the first frame is consistent, what
 * is not known yet is left out, a phase of unknown size spins with its time so far, and the line
 * fits the terminal.
 */
class TerminalProgressTest {
  private static final long MB = 1024 * 1024;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Drawn only when the test says: the first tick is ten minutes away. */
  private TerminalProgress progress(int width) {
    return new TerminalProgress(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        width,
        600_000,
        "the backup was stopped; no archive was written",
        now::get);
  }

  private void later(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void theFirstFrameOfAKnownSizeIsConsistentAndClaimsNothingUnknown() {
    TerminalProgress p = progress(80);
    p.start("Writing archive", 80 * MB);

    String first = p.frame(now.get());

    assertThat(first).startsWith("Writing archive    0% [>").contains("0 B / 80.0 MB");
    assertThat(first).doesNotContain("=").doesNotContain("?").doesNotContain("/s");
    assertThat(first).doesNotContain("0:00").doesNotContain("left");
    p.finish();
  }

  @Test
  void rateAndTimeLeftAppearOnceMeasured() {
    TerminalProgress p = progress(100);
    p.start("Writing archive", 80 * MB);
    p.advance(40 * MB);
    later(2);

    String frame = p.frame(now.get());

    assertThat(frame)
        .contains(" 50% [")
        .contains("40.0 MB / 80.0 MB")
        .contains("20.0 MB/s")
        .contains("0:02 left");
    p.advance(60 * MB);
    assertThat(p.frame(now.get()))
        .as("never past 100%")
        .contains("100% [")
        .contains("80.0 MB / 80.0 MB");
    p.finish();
  }

  @Test
  void aPhaseOfUnknownSizeSpinsWithItsTimeSoFar() {
    TerminalProgress p = progress(80);
    p.start("Taking a snapshot of the library", -1);

    String first = p.frame(now.get());
    later(7.4);
    p.draw();
    String later = p.frame(now.get());

    assertThat(first).isEqualTo("Taking a snapshot of the library  |  0:00");
    assertThat(later)
        .as("the spinner turned")
        .isEqualTo("Taking a snapshot of the library  /  0:07");
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("\rTaking a snapshot of the library  |  0:07");
    p.finish();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .as("the line is erased")
        .endsWith("\r" + " ".repeat(41) + "\r");
  }

  @Test
  void everyFrameFitsTheTerminal() {
    for (int width : new int[] {40, 60, 80, 200}) {
      TerminalProgress p = progress(width);
      p.start("Saving a safety copy of the current library", 3_000 * MB);
      p.advance(1_234 * MB);
      later(3);
      assertThat(p.frame(now.get()).length()).as("width %d", width).isLessThan(width);
      p.finish();
      p.start("Copying to s3://a-bucket-with-a-long-name/and/a/long/prefix/", -1);
      assertThat(p.frame(now.get()).length()).as("width %d", width).isLessThan(width);
      p.finish();
    }
  }

  @Test
  void anInterruptedPhaseSaysWhatStoppedAndWhatThatMeans() {
    TerminalProgress p = progress(80);
    p.start("Writing archive", 80 * MB);
    p.advance(20 * MB);

    assertThat(p.stoppedLine())
        .isEqualTo(
            "Writing archive: interrupted at 25%; the backup was stopped; no archive was written");
    p.finish();
  }
}
