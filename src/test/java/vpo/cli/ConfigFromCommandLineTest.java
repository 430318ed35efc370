package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertTextError;
import static vpo.testing.CliAssertions.json;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.LibraryFixture;
import vpo.testing.TestHome;

/** Config, environment and flags as a user meets them: through the real command line. */
class ConfigFromCommandLineTest {
  @TempDir Path tmp;

  private static String libraryPath(TestHome.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return json(r).get("path").textValue();
  }

  @Test
  void aConfigWrittenByThePythonVpoIsAcceptedAndItsDatabasePathUsed() throws Exception {
    TestHome home = new TestHome(tmp);
    Files.createDirectories(home.dataDir());
    try (var in = getClass().getResourceAsStream("/vpo/config/python-vpo-config.toml")) {
      Files.write(home.dataDir().resolve("config.toml"), in.readAllBytes());
    }
    Path library = home.home().resolve("media").resolve("vpo-library.db");

    TestHome.Result init = home.run("init", "--json");
    TestHome.Result info = home.run("library", "info", "--json");

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(json(init).get("database_path").textValue()).isEqualTo(library.toString());
    assertThat(library).isRegularFile();
    assertThat(libraryPath(info)).isEqualTo(library.toString());
    assertThat(home.library()).as("the default location is not used").doesNotExist();
    assertThat(info.err()).isEmpty();
  }

  @Test
  void precedenceOfTheLibraryIsDbThenEnvironmentThenConfig() throws Exception {
    TestHome home = new TestHome(tmp);
    Path fromConfig = LibraryFixture.createV27(tmp.resolve("config.db"));
    Path fromEnv = LibraryFixture.createV27(tmp.resolve("env.db"));
    Path fromFlag = LibraryFixture.createV27(tmp.resolve("flag.db"));
    Files.createDirectories(home.dataDir());
    Files.writeString(
        home.dataDir().resolve("config.toml"), "database_path = \"" + fromConfig + "\"\n");

    assertThat(libraryPath(home.run("library", "info", "--json"))).isEqualTo(fromConfig.toString());
    home.env("VPO_DATABASE_PATH", fromEnv.toString());
    assertThat(libraryPath(home.run("library", "info", "--json"))).isEqualTo(fromEnv.toString());
    assertThat(libraryPath(home.run("library", "info", "--json", "--db", fromFlag.toString())))
        .isEqualTo(fromFlag.toString());
  }

  @Test
  void configFlagBeatsConfigEnvironmentWhichBeatsTheDataDir() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Path envLibrary = LibraryFixture.createV27(tmp.resolve("env.db"));
    Path flagLibrary = LibraryFixture.createV27(tmp.resolve("flag.db"));
    Path envConfig = tmp.resolve("env.toml");
    Path flagConfig = tmp.resolve("flag.toml");
    Files.writeString(envConfig, "database_path = \"" + envLibrary + "\"\n");
    Files.writeString(flagConfig, "database_path = \"" + flagLibrary + "\"\n");

    assertThat(libraryPath(home.run("library", "info", "--json")))
        .isEqualTo(home.library().toString());
    home.env("VPO_CONFIG_PATH", envConfig.toString());
    assertThat(libraryPath(home.run("library", "info", "--json"))).isEqualTo(envLibrary.toString());
    assertThat(
            libraryPath(home.run("--config", flagConfig.toString(), "library", "info", "--json")))
        .isEqualTo(flagLibrary.toString());
  }

  @Test
  void theDataDirFromTheEnvironmentHoldsConfigAndLibrary() throws Exception {
    TestHome home = new TestHome(tmp);
    Path data = tmp.resolve("data");
    home.env("VPO_DATA_DIR", data.toString());

    TestHome.Result r = home.run("library", "info", "--json");

    assertThat(libraryPath(r)).isEqualTo(data.resolve("library.db").toString());
    assertThat(data.resolve("config.toml")).isRegularFile();
    assertThat(r.err()).contains("first run").contains(data.toString());
    assertThat(home.dataDir()).doesNotExist();
  }

  @Test
  void tildeAndRelativePathsInTheConfigAreTakenFromHome() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Path library = LibraryFixture.createV27(home.home().resolve("libs").resolve("a.db"));
    Path config = home.dataDir().resolve("config.toml");

    Files.writeString(config, "database_path = \"~/libs/a.db\"\n");
    assertThat(libraryPath(home.run("library", "info", "--json"))).isEqualTo(library.toString());

    Files.writeString(config, "database_path = \"libs/a.db\"\n");
    assertThat(libraryPath(home.run("library", "info", "--json"))).isEqualTo(library.toString());
  }

  @Test
  void malformedTomlIsOneErrorLineNamingFileAndLine() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Path config = home.dataDir().resolve("config.toml");
    Files.writeString(config, "# fine\n[backup]\nkeep_last = = 3\n");

    TestHome.Result r = home.run("library", "info");

    assertTextError(r, 1, config + ":3");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKey() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Path config = home.dataDir().resolve("config.toml");
    Files.writeString(config, "[backup]\nkeep_last = \"x\"\n");

    TestHome.Result r = home.run("library", "info");

    assertTextError(r, 1, "keep_last", config.toString());
  }

  @Test
  void configFlagNamingAMissingFileFailsAndCreatesNothingThere() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Path missing = tmp.resolve("typo.toml");

    TestHome.Result r = home.run("--config", missing.toString(), "library", "info");

    assertTextError(r, 1, missing.toString());
    assertThat(missing).doesNotExist();
  }

  @Test
  void theConfigSetsWhereTheLogGoes() throws Exception {
    TestHome home = new TestHome(tmp);
    home.run("init");
    Files.writeString(
        home.dataDir().resolve("config.toml"), "[logging]\nfile = \"~/elsewhere/vpo.log\"\n");

    TestHome.Result r = home.run("library", "info");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(home.home().resolve("elsewhere").resolve("vpo.log"))
        .content()
        .contains("command started");
  }
}
