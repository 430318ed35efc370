package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ArchiveSeenByCommonsCompress;
import vpo.testing.ChildProcesses;
import vpo.testing.DiskState;
import vpo.testing.LibraryContent;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * Several vpo processes backing up at once into the same directory: auto names never collide and
 * every archive is complete (PRODUCT.md backup 3, ARCHIVE-FORMAT.md "File name").
 */
class ConcurrentBackupsTest {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void simultaneousBackupsGetDistinctNamesAndAreAllComplete() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 50, 41);
    String expectedContent = LibraryContent.dump(home.library());

    List<Process> processes = new ArrayList<>();
    List<CompletableFuture<String>> outputs = new ArrayList<>();
    List<CompletableFuture<String>> errors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Process p = children.start(home.processBuilder("library", "backup", "--json"));
      p.getOutputStream().close();
      processes.add(p);
      outputs.add(ChildProcesses.drain(p.getInputStream()));
      errors.add(ChildProcesses.drain(p.getErrorStream()));
    }
    List<JsonNode> results = new ArrayList<>();
    for (int i = 0; i < processes.size(); i++) {
      assertThat(processes.get(i).waitFor(180, TimeUnit.SECONDS)).as("backup %d ended", i).isTrue();
      assertThat(processes.get(i).exitValue()).as(errors.get(i).join()).isZero();
      results.add(new ObjectMapper().readTree(outputs.get(i).join()));
    }

    List<Path> paths = results.stream().map(r -> Path.of(r.get("path").asText())).toList();
    assertThat(paths).doesNotHaveDuplicates();
    assertThat(DiskState.archivesIn(home.backups())).containsExactlyInAnyOrderElementsOf(paths);
    // Within each second the names are the plain one, then -2, -3, ...
    Map<String, List<String>> bySecond = new TreeMap<>();
    for (JsonNode r : results) {
      String stamp = STAMP.format(Instant.parse(r.get("created_at").asText()));
      bySecond
          .computeIfAbsent(stamp, s -> new ArrayList<>())
          .add(Path.of(r.get("path").asText()).getFileName().toString());
    }
    bySecond.forEach(
        (stamp, names) -> {
          List<String> expected = new ArrayList<>();
          for (int n = 1; n <= names.size(); n++) {
            expected.add("vpo-library-" + stamp + (n == 1 ? "" : "-" + n) + ".tar.gz");
          }
          assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        });
    for (int i = 0; i < paths.size(); i++) {
      Path db = tmp.resolve("restored-" + i + ".db");
      ArchiveSeenByCommonsCompress contents = ArchiveSeenByCommonsCompress.read(paths.get(i), db);
      assertThat(contents.problem()).as(paths.get(i).toString()).isNull();
      assertThat(Sha256.of(paths.get(i))).isEqualTo(results.get(i).get("sha256").asText());
      assertThat(LibraryContent.dump(db)).isEqualTo(expectedContent);
    }
    assertThat(DiskState.tempFiles(tmp)).isEmpty();
  }
}
