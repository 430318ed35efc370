package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.Sha256;
import vpo.testing.TestHome;

/**
 * {@code vpo init}: creates what is missing, reports what exists, and can run any number of times.
 */
class InitCommandTest {
  private static final List<String> CREATED_FLAGS =
      List.of("data_dir_created", "config_created", "database_created", "backup_dir_created");

  @TempDir Path tmp;

  @Test
  void firstRunCreatesEverythingPrivatelyAndSaysSo() throws Exception {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("init");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines).allSatisfy(l -> assertThat(l).contains("created").doesNotContain("exists"));
    assertThat(lines.get(2)).contains(home.library().toString()).contains("schema 27");
    assertThat(home.library()).isRegularFile();
    assertThat(home.dataDir().resolve("config.toml")).isRegularFile();
    assertThat(home.backups()).isDirectory();
    assertThat(mode(home.dataDir())).isEqualTo("rwx------");
    assertThat(mode(home.backups())).isEqualTo("rwx------");
    assertThat(mode(home.dataDir().resolve("config.toml"))).isEqualTo("rw-------");
    assertThat(mode(home.library())).isEqualTo("rw-------");
    assertThat(LibraryFixture.queryLong(home.library(), "SELECT COUNT(*) FROM files")).isZero();
  }

  @Test
  void firstRunReportsEveryPartAsCreatedInJson() {
    TestHome home = new TestHome(tmp);

    TestHome.Result r = home.run("init", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = json(r);
    for (String flag : CREATED_FLAGS) {
      assertThat(doc.get(flag).isBoolean()).as(flag).isTrue();
      assertThat(doc.get(flag).booleanValue()).as(flag + " in " + doc).isTrue();
    }
  }

  @Test
  void secondRunReportsThatEverythingExistsAndChangesNothing() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Path config = home.dataDir().resolve("config.toml");
    Files.writeString(config, "# my own settings\n[backup]\nkeep_last = 3\n");
    LibraryFixture.addFiles(home.library(), 3, 1000);
    String libraryBefore = Sha256.of(home.library());

    TestHome.Result text = home.run("init");
    TestHome.Result json = home.run("init", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out().lines().toList())
        .hasSize(4)
        .allSatisfy(l -> assertThat(l).contains("exists").doesNotContain("created"));
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = json(json);
    assertThat(doc.get("success").booleanValue()).isTrue();
    for (String flag : CREATED_FLAGS) {
      assertThat(doc.get(flag).isBoolean()).as(flag).isTrue();
      assertThat(doc.get(flag).booleanValue()).as(flag).isFalse();
    }
    assertThat(doc.get("schema_version").isInt()).isTrue();
    assertThat(doc.get("schema_version").intValue()).isEqualTo(27);
    assertThat(doc.get("database_path").textValue()).isEqualTo(home.library().toString());
    assertThat(doc.get("config_path").textValue()).isEqualTo(config.toString());
    assertThat(doc.get("data_dir").textValue()).isEqualTo(home.dataDir().toString());
    assertThat(doc.get("backup_dir").textValue()).isEqualTo(home.backups().toString());
    assertThat(Files.readString(config)).isEqualTo("# my own settings\n[backup]\nkeep_last = 3\n");
    assertThat(Sha256.of(home.library())).isEqualTo(libraryBefore);
    assertThat(LibraryFixture.queryLong(home.library(), "SELECT COUNT(*) FROM files")).isEqualTo(3);
  }

  @Test
  void theDefaultConfigIsValidAndChangesNoDefault() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");

    TestHome.Result r = home.run("library", "info", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).get("path").textValue()).isEqualTo(home.library().toString());
    assertThat(Files.readString(home.dataDir().resolve("config.toml")))
        .contains("[backup]")
        .contains("[logging]");
  }

  @Test
  void initHonoursTheDataDirFromTheEnvironment() {
    TestHome home = new TestHome(tmp);
    Path data = tmp.resolve("srv").resolve("vpo");
    home.env("VPO_DATA_DIR", data.toString());

    TestHome.Result r = home.run("init", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(data.resolve("library.db")).isRegularFile();
    assertThat(data.resolve("config.toml")).isRegularFile();
    assertThat(data.resolve("backups")).isDirectory();
    assertThat(home.dataDir()).doesNotExist();
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
