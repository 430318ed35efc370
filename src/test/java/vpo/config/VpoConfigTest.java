package vpo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code config.toml}, including the files the Python VPO writes. */
class VpoConfigTest {
  /**
   * A config as the Python VPO's {@code vpo init} leaves it after a user has edited it: every
   * section it knows, with values of all TOML types, and the keys vpo reads among them.
   */
  static String pythonVpoConfig() throws Exception {
    try (var in = VpoConfigTest.class.getResourceAsStream("python-vpo-config.toml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @TempDir Path tmp;

  private Path write(String text) throws Exception {
    Path file = tmp.resolve("config.toml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aConfigWrittenByThePythonVpoLoadsAndItsSettingsAreRead() throws Exception {
    VpoConfig c = VpoConfig.load(write(pythonVpoConfig()));

    assertThat(c.databasePath()).contains("~/media/vpo-library.db");
    assertThat(c.logLevel()).contains("info");
    assertThat(c.logFile()).contains("~/.vpo/logs/vpo.log");
    assertThat(c.logJson()).isFalse();
    assertThat(c.backupDirectory()).isEmpty();
    assertThat(c.keepLast()).isEmpty();

    VpoPaths p =
        VpoPaths.resolve(
            Map.of(),
            Path.of("/home/ana"),
            Path.of("/tmp"),
            new VpoPaths.Overrides(null, null, null),
            c);
    assertThat(p.database()).isEqualTo(Path.of("/home/ana/media/vpo-library.db"));
    assertThat(p.logFile()).isEqualTo(Path.of("/home/ana/.vpo/logs/vpo.log"));
  }

  @Test
  void backupAndLoggingSettingsAreRead() throws Exception {
    VpoConfig c =
        VpoConfig.load(
            write(
                """
                [backup]
                directory = "/mnt/nas/vpo"
                keep_last = 10
                keep_daily = 7
                keep_weekly = 4
                keep_monthly = 0

                [logging]
                level = "debug"
                format = "JSON"
                """));

    assertThat(c.backupDirectory()).contains("/mnt/nas/vpo");
    assertThat(c.keepLast()).isEqualTo(OptionalInt.of(10));
    assertThat(c.keepDaily()).isEqualTo(OptionalInt.of(7));
    assertThat(c.keepWeekly()).isEqualTo(OptionalInt.of(4));
    assertThat(c.keepMonthly()).isEqualTo(OptionalInt.of(0));
    assertThat(c.logLevel()).contains("debug");
    assertThat(c.logJson()).isTrue();
  }

  @Test
  void aMissingFileIsAnEmptyConfig() {
    assertThat(VpoConfig.load(tmp.resolve("absent.toml"))).isEqualTo(VpoConfig.EMPTY);
  }

  @Test
  void anEmptyOrCommentOnlyFileIsAnEmptyConfig() throws Exception {
    assertThat(VpoConfig.load(write(""))).isEqualTo(VpoConfig.EMPTY);
    assertThat(VpoConfig.load(write("# nothing here\n\n"))).isEqualTo(VpoConfig.EMPTY);
  }

  @Test
  void blankStringsCountAsUnset() throws Exception {
    VpoConfig c = VpoConfig.load(write("database_path = \"\"\n[backup]\ndirectory = \" \"\n"));

    assertThat(c.databasePath()).isEqualTo(Optional.empty());
    assertThat(c.backupDirectory()).isEqualTo(Optional.empty());
  }

  @Test
  void malformedTomlNamesTheFileAndTheLine() throws Exception {
    Path file = write("[backup]\nkeep_last = 3\ndirectory = \"/unterminated\n");

    assertThatThrownBy(() -> VpoConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":3");
  }

  @Test
  void aStringWhereANumberBelongsNamesTheKey() throws Exception {
    Path file = write("[backup]\nkeep_last = \"x\"\n");

    assertThatThrownBy(() -> VpoConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("keep_last")
        .hasMessageContaining(file.toString());
  }

  @Test
  void negativeAndFractionalCountsAreRefused() throws Exception {
    Path negative = write("[backup]\nkeep_daily = -1\n");
    assertThatThrownBy(() -> VpoConfig.load(negative)).hasMessageContaining("keep_daily");

    Path fraction = write("[backup]\nkeep_weekly = 1.5\n");
    assertThatThrownBy(() -> VpoConfig.load(fraction)).hasMessageContaining("keep_weekly");
  }

  @Test
  void aNumberWhereAPathBelongsNamesTheKey() throws Exception {
    Path file = write("database_path = 5\n");

    assertThatThrownBy(() -> VpoConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database_path");
  }

  @Test
  void aSectionWrittenAsAValueIsIgnoredOnlyWhereVpoDoesNotReadIt() throws Exception {
    // The Python VPO's sections may change shape; vpo must not care about those it ignores.
    assertThat(VpoConfig.load(write("tools = \"ffmpeg\"\nserver = 8321\n")))
        .isEqualTo(VpoConfig.EMPTY);
  }
}
