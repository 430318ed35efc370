package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.errorLines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.DiskState;
import vpo.testing.TestHome;

/**
 * An archive never goes to a terminal, a terminal is never read as an archive, and what needs
 * confirmation is decided before a byte of the archive is read.
 */
class StandardStreamsTest {
  @TempDir Path tmp;
  private TestHome home;
  private Path archive;

  @BeforeEach
  void homeWithABackup() {
    home = TestHome.withLibrary(tmp, TestHome.Start.INITIALISED, 30, 7);
    archive = Path.of(home.backup().get("path").asText());
  }

  @Test
  void anArchiveIsNotWrittenToATerminal() throws Exception {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.stdoutTerminal(true).run("library", "backup", "-o", "-");

    assertTextError(r, 2, "standard output", "terminal", "> library.tar.gz");
    assertThat(r.stdoutBytes()).isEmpty();
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void anArchiveStillStreamsWhereStandardOutputIsNotATerminal() {
    TestHome.Result r = home.stdoutTerminal(false).run("library", "backup", "-o", "-");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdoutBytes()).hasSizeGreaterThan(1000);
  }

  @Test
  void aTerminalIsNotReadAsAnArchive() {
    SortedMap<String, String> before = disk();

    TestHome.Result r = home.terminal(true).run("library", "restore", "-", "--yes");

    assertTextError(r, 2, "standard input", "terminal", "cat ARCHIVE | vpo library restore -");
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void withoutYesTheStreamIsRefusedBeforeAByteOfItIsRead() throws Exception {
    SortedMap<String, String> before = disk();
    CountingStream stdin = new CountingStream(Files.newInputStream(archive));

    TestHome.Result r = home.stdin(stdin).run("library", "restore", "-");

    assertTextError(r, 1, "--yes");
    assertThat(stdin.read).as("bytes read from standard input").isZero();
    assertThat(disk()).isEqualTo(before);
  }

  @Test
  void jsonSaysItNeverPrompts() {
    TestHome.Result r = home.terminal(true).run("library", "restore", archive.toString(), "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("--json never prompts").doesNotContain("no terminal");
  }

  @Test
  void withoutATerminalItSaysSo() {
    TestHome.Result r = home.terminal(false).run("library", "restore", archive.toString());

    assertThat(errorLines(r))
        .singleElement()
        .asString()
        .contains("standard input is not a terminal")
        .contains("--yes");
  }

  /** Everything in the home but the log, which every run writes. */
  private SortedMap<String, String> disk() {
    return DiskState.of(home.home(), home.dataDir().resolve("logs"));
  }

  /** Counts what is read from it. */
  static final class CountingStream extends InputStream {
    private final InputStream in;
    long read;

    CountingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      read += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      read += Math.max(0, n);
      return n;
    }
  }
}
