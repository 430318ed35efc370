package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;
import vpo.testing.LibraryContent;
import vpo.testing.LibraryFixture;
import vpo.testing.PythonArchiveCheck;
import vpo.testing.Sha256;
import vpo.testing.TestHome;
import vpo.testing.TestHome.Start;

/**
 * An archive of a populated library opens with stock tools and no vpo code at all: Python's {@code
 * tarfile} and {@code sqlite3}, {@code gzip -t}, {@code tar tzf} (ARCHIVE-FORMAT.md).
 */
class ArchiveInteropTest {
  @TempDir Path tmp;
  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  @Test
  void archiveOfPopulatedLibraryRestoresOutsideVpoWithEveryRow() throws Exception {
    TestHome home = TestHome.withLibrary(tmp, Start.LIBRARY_ONLY, 300, 11);
    // Over 5 MB: vpo compresses it as several gzip members, which stock readers must join.
    LibraryFixture.addFiller(home.library(), 130, 40_000);
    long totalBytes;
    // The newest commits stay in the WAL, unmerged, while the backup runs: the snapshot must hold
    // them as well.
    try (Connection writer = LibraryFixture.connect(home.library());
        Statement s = writer.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.executeUpdate(
          "UPDATE files SET scan_status = 'error', scan_error = 'ünïcode' WHERE id < 9");
      s.executeUpdate("DELETE FROM files WHERE id IN (20, 21)");
      assertThat(home.library().resolveSibling("library.db-wal")).isNotEmptyFile();
      try (ResultSet r = s.executeQuery("SELECT sum(size_bytes), count(*) FROM files")) {
        r.next();
        totalBytes = r.getLong(1);
        assertThat(r.getLong(2)).isEqualTo(298);
      }

      TestHome.Result run = home.run("library", "backup", "--json");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      JsonNode result = new ObjectMapper().readTree(run.out());
      Path archive = Path.of(result.get("path").asText());
      assertThat(archive.getParent()).isEqualTo(home.backups());
      Path extracted = Files.createDirectories(tmp.resolve("extracted"));

      JsonNode report = PythonArchiveCheck.inspect(children, archive, extracted);

      Path db = extracted.resolve("library.db");
      assertThat(LibraryContent.dump(db)).isEqualTo(LibraryContent.dump(home.library()));
      assertThat(report.get("journal_mode").asText()).isEqualTo("delete");
      assertThat(report.get("quick_check").toString()).isEqualTo("[\"ok\"]");
      assertThat(report.get("files").asLong()).isEqualTo(298);
      assertThat(report.get("gzip_members").asInt()).as("gzip members").isGreaterThan(1);

      JsonNode meta = report.get("metadata");
      Map<String, String> types = new TreeMap<>();
      report
          .get("metadata_types")
          .fields()
          .forEachRemaining(e -> types.put(e.getKey(), e.getValue().asText()));
      assertThat(types)
          .isEqualTo(
              new TreeMap<>(
                  Map.ofEntries(
                      Map.entry("vpo_version", "str"),
                      Map.entry("schema_version", "int"),
                      Map.entry("created_at", "str"),
                      Map.entry("database_size_bytes", "int"),
                      Map.entry("file_count", "int"),
                      Map.entry("total_library_size_bytes", "int"),
                      Map.entry("compression", "str"),
                      Map.entry("database_sha256", "str"),
                      Map.entry("format_version", "int"),
                      Map.entry("kind", "str"),
                      Map.entry("library_id", "str"),
                      Map.entry("library_path", "str"))));
      assertThat(meta.get("vpo_version").asText()).isNotBlank();
      assertThat(meta.get("schema_version").asInt()).isEqualTo(27);
      assertThat(meta.get("created_at").asText())
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
      assertThat(meta.get("file_count").asLong()).isEqualTo(298);
      assertThat(meta.get("total_library_size_bytes").asLong()).isEqualTo(totalBytes);
      assertThat(meta.get("compression").asText()).isEqualTo("gzip");
      assertThat(meta.get("format_version").asInt()).isEqualTo(1);
      assertThat(meta.get("kind").asText()).isEqualTo("backup");
      assertThat(meta.get("database_sha256").asText())
          .isEqualTo(report.get("db_sha256").asText())
          .isEqualTo(Sha256.of(db))
          .matches("[0-9a-f]{64}");
      assertThat(meta.get("database_size_bytes").asLong())
          .isEqualTo(report.get("db_size").asLong())
          .isEqualTo(Files.size(db));

      long created = Instant.parse(meta.get("created_at").asText()).getEpochSecond();
      JsonNode members = report.get("members");
      assertThat(members).hasSize(2);
      assertThat(members.get(0).get("name").asText()).isEqualTo("backup_metadata.json");
      assertThat(members.get(1).get("name").asText()).isEqualTo("library.db");
      assertThat(members.get(1).get("size").asLong()).isEqualTo(Files.size(db));
      for (JsonNode m : members) {
        assertThat(m.get("regular").asBoolean()).as(m.toString()).isTrue();
        assertThat(m.get("mode").asInt()).as(m.toString()).isEqualTo(0600);
        assertThat(m.get("uid").asInt()).as(m.toString()).isZero();
        assertThat(m.get("uname").asText()).as(m.toString()).isEmpty();
        assertThat(m.get("gname").asText()).as(m.toString()).isEmpty();
        assertThat(m.get("mtime").asLong()).as(m.toString()).isEqualTo(created);
      }

      ChildProcesses.Output gzip = children.run(60, List.of("gzip", "-t", archive.toString()));
      assertThat(gzip.exitCode()).as(gzip.toString()).isZero();
      ChildProcesses.Output tar = children.run(60, List.of("tar", "tzf", archive.toString()));
      assertThat(tar.exitCode()).as(tar.toString()).isZero();
      assertThat(tar.out().lines().toList()).containsExactly("backup_metadata.json", "library.db");
      ChildProcesses.Output verbose =
          children.run(60, List.of("tar", "tvzf", archive.toString(), "--numeric-owner"));
      assertThat(verbose.out().lines().toList())
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).startsWith("-rw------- 0/"));

      // What the command reported describes the archive on disk.
      assertThat(result.get("success").asBoolean()).isTrue();
      assertThat(result.get("archive_size_bytes").asLong()).isEqualTo(Files.size(archive));
      assertThat(result.get("sha256").asText()).isEqualTo(Sha256.of(archive));
      assertThat(result.get("database_size_bytes").asLong()).isEqualTo(Files.size(db));
      assertThat(result.get("database_sha256").asText()).isEqualTo(Sha256.of(db));
      assertThat(result.get("file_count").asLong()).isEqualTo(298);
      assertThat(result.get("schema_version").asInt()).isEqualTo(27);
      assertThat(result.get("created_at").asText()).isEqualTo(meta.get("created_at").asText());
      assertThat(result.get("compression_ratio").asDouble())
          .isEqualTo(
              Math.round((1 - (double) Files.size(archive) / Files.size(db)) * 1000) / 1000.0);
    }
  }
}
