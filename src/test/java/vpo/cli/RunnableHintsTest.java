package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.cli.LibraryOwnershipTest.ok;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveBuilder;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Every command vpo suggests is run here as printed: split into words by a real shell, then run
 * with the same environment. It must act on the library the suggesting run acted on, chosen by
 * {@code --db} or {@code --config}, not on the default one. The library paths hold a space and a
 * quote, so the suggestion must be quoted as a shell reads it.
 */
class RunnableHintsTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();
  private TestHome home;
  private Path dir;
  private Path good;

  @BeforeEach
  void homeWithADefaultLibraryAndAnArchiveOfAnother() throws Exception {
    home = TestHome.withLibrary(tmp, Start.INITIALISED, 3, 1);
    dir = Files.createDirectories(home.home().resolve("Bob's libraries"));
    good =
        ArchiveBuilder.ofNewLibrary(Files.createDirectories(tmp.resolve("scratch")), 9)
            .writeTo(home.home().resolve("good.tar.gz"));
  }

  @Test
  void theUndoOfARestoreWithDbRestoresThatLibrary() throws Exception {
    Path opt = dir.resolve("opt.db");
    LibraryFixture.createV27(opt);
    LibraryFixture.populate(opt, 5, 2);
    String optBefore = LibraryContent.dump(opt);
    String defaultBefore = LibraryContent.dump(home.library());

    // Relative, as typed in the home directory.
    TestHome.Result restore =
        ok(
            home.run(
                "--db", "Bob's libraries/opt.db", "library", "restore", "good.tar.gz", "--yes"));
    assertThat(LibraryContent.dump(opt)).isNotEqualTo(optBefore);

    List<String> undo = printedCommand(restore.out(), "undo with: ");
    assertThat(undo.subList(0, 3)).containsExactly("vpo", "--db", opt.toString());
    assertThat(undo.subList(3, 5)).containsExactly("library", "restore");

    TestHome.Result undone = answeringYes(undo);

    assertThat(undone.exitCode()).as(undone.toString()).isZero();
    assertThat(LibraryContent.dump(opt)).isEqualTo(optBefore);
    assertThat(LibraryContent.dump(home.library())).isEqualTo(defaultBefore);
  }

  @Test
  void theUndoOfARestoreWithConfigRestoresTheLibraryThatConfigNames() throws Exception {
    Path alt = dir.resolve("alt.db");
    LibraryFixture.createV27(alt);
    LibraryFixture.populate(alt, 5, 2);
    Path altBackups = dir.resolve("backups");
    Path config = dir.resolve("alt.toml");
    Files.writeString(
        config,
        "database_path = \"~/Bob's libraries/alt.db\"\n"
            + "[backup]\n"
            + "directory = \"~/Bob's libraries/backups\"\n");
    String altBefore = LibraryContent.dump(alt);
    String defaultBefore = LibraryContent.dump(home.library());

    TestHome.Result restore =
        ok(
            home.run(
                "--config",
                "Bob's libraries/alt.toml",
                "library",
                "restore",
                "good.tar.gz",
                "--yes"));

    List<String> undo = printedCommand(restore.out(), "undo with: ");
    assertThat(undo.subList(0, 3)).containsExactly("vpo", "--config", config.toString());
    assertThat(Path.of(undo.get(undo.size() - 1)).getParent()).isEqualTo(altBackups);

    TestHome.Result undone = answeringYes(undo);

    assertThat(undone.exitCode()).as(undone.toString()).isZero();
    assertThat(LibraryContent.dump(alt)).isEqualTo(altBefore);
    assertThat(LibraryContent.dump(home.library())).isEqualTo(defaultBefore);
    assertThat(DiskState.archivesIn(home.backups())).isEmpty();
  }

  @Test
  void makeOneWithInBackupsAndInfoBacksUpTheLibraryOfDb() throws Exception {
    Path opt = dir.resolve("opt.db");
    LibraryFixture.createV27(opt);
    LibraryFixture.populate(opt, 5, 2);

    TestHome.Result listing = ok(home.run("--db", "Bob's libraries/opt.db", "library", "backups"));
    TestHome.Result info = ok(home.run("--db", "Bob's libraries/opt.db", "library", "info"));

    List<String> fromListing = printedCommand(listing.out(), "Make one with: ");
    List<String> fromInfo = printedCommand(info.out(), "make one with: ");
    assertThat(fromListing).containsExactly("vpo", "--db", opt.toString(), "library", "backup");
    assertThat(fromInfo).isEqualTo(fromListing);

    JsonNode made = json(ok(run(fromListing, "--json")));

    assertThat(made.get("library_id").asText()).isEqualTo(LibraryOwnershipTest.libraryId(opt));
    JsonNode ofOpt = json(ok(home.run("--db", opt.toString(), "library", "backups", "--json")));
    assertThat(LibraryOwnershipTest.filenames(ofOpt))
        .containsExactly(Path.of(made.get("path").asText()).getFileName().toString());
    assertThat(json(ok(home.run("library", "backups", "--json"))).get("total_count").asInt())
        .as("nothing of the default library's")
        .isZero();
  }

  @Test
  void makeOneWithUnderConfigBacksUpThatConfigsLibraryIntoItsDirectory() throws Exception {
    Path alt = dir.resolve("alt.db");
    LibraryFixture.createV27(alt);
    LibraryFixture.populate(alt, 5, 2);
    Path config = dir.resolve("alt.toml");
    Files.writeString(
        config,
        "database_path = \"~/Bob's libraries/alt.db\"\n"
            + "[backup]\n"
            + "directory = \"~/Bob's libraries/backups\"\n");

    TestHome.Result listing =
        ok(home.run("--config", "Bob's libraries/alt.toml", "library", "backups"));
    List<String> hint = printedCommand(listing.out(), "Make one with: ");
    assertThat(hint).containsExactly("vpo", "--config", config.toString(), "library", "backup");

    ok(run(hint));

    assertThat(DiskState.archivesIn(dir.resolve("backups"))).hasSize(1);
    assertThat(DiskState.archivesIn(home.backups())).isEmpty();
  }

  // --- helpers

  /** The command printed after {@code lead} (up to the line's end or a closing parenthesis). */
  private List<String> printedCommand(String out, String lead) {
    Matcher m = Pattern.compile(Pattern.quote(lead) + "(.*?)\\)?$", Pattern.MULTILINE).matcher(out);
    assertThat(m.find()).as("%s in:%n%s", lead, out).isTrue();
    return shellWords(m.group(1));
  }

  /** {@code line} split into words as bash splits it (quotes removed). */
  private List<String> shellWords(String line) {
    ChildProcesses.Output split =
        children.run(
            30, List.of("bash", "-c", "eval \"set -- $1\" && printf '%s\\0' \"$@\"", "bash", line));
    assertThat(split.exitCode()).as(split.toString()).isZero();
    return Arrays.asList(split.out().split("\0"));
  }

  /** Runs {@code command} (starting with {@code vpo}) in this home, with {@code more} after it. */
  private TestHome.Result run(List<String> command, String... more) {
    assertThat(command.get(0)).isEqualTo("vpo");
    String[] args = new String[command.size() - 1 + more.length];
    for (int i = 1; i < command.size(); i++) {
      args[i - 1] = command.get(i);
    }
    System.arraycopy(more, 0, args, command.size() - 1, more.length);
    return home.run(args);
  }

  /** Runs {@code command} at a terminal where the user answers yes. */
  private TestHome.Result answeringYes(List<String> command) {
    home.terminal(true).stdin("y\n");
    try {
      return run(command);
    } finally {
      home.terminal(false).stdin(new byte[0]);
    }
  }
}
