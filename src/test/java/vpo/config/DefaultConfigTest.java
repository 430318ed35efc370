package vpo.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.catalog.RetentionPolicy;

/**
 * The config file written on first run says its commented values are the defaults: so uncommenting
 * any of them must change nothing, except the values it calls examples.
 */
class DefaultConfigTest {
  private static final Pattern SETTING = Pattern.compile("^# ([a-z_]+) = .*");

  @TempDir Path tmp;

  /**
   * The default config with every value it calls a default uncommented; a block of comments that
   * says "for example" introduces examples, which stay commented.
   */
  private static String withDefaultsUncommented(List<String> uncommented) {
    List<String> out = new ArrayList<>();
    boolean examples = false;
    for (String line : DefaultConfig.TEXT.split("\n", -1)) {
      if (!line.startsWith("#")) {
        examples = false;
      } else if (line.toLowerCase(java.util.Locale.ROOT).contains("for example")) {
        examples = true;
      }
      if (SETTING.matcher(line).matches() && !examples) {
        out.add(line.substring(2));
        uncommented.add(line.substring(2).split(" ")[0]);
      } else {
        out.add(line);
      }
    }
    return String.join("\n", out);
  }

  @Test
  void everyValueTheConfigCallsADefaultIsInForceAlready() throws Exception {
    Path commented = tmp.resolve("commented.toml");
    Path uncommented = tmp.resolve("uncommented.toml");
    assertThat(DefaultConfig.writeIfMissing(commented)).isTrue();
    List<String> keys = new ArrayList<>();
    Files.writeString(uncommented, withDefaultsUncommented(keys));
    assertThat(keys).as("the settings it calls defaults").contains("database_path", "directory");

    Path home = tmp.resolve("home");
    VpoConfig before = VpoConfig.load(commented);
    VpoConfig after = VpoConfig.load(uncommented);
    VpoPaths.Overrides none = new VpoPaths.Overrides(null, null, null);
    VpoPaths pathsBefore = VpoPaths.resolve(Map.of(), home, home, none, before);
    VpoPaths pathsAfter = VpoPaths.resolve(Map.of(), home, home, none, after);

    assertThat(pathsAfter.database()).isEqualTo(pathsBefore.database());
    assertThat(pathsAfter.backupDir()).isEqualTo(pathsBefore.backupDir());
    assertThat(pathsAfter.logFile()).isEqualTo(pathsBefore.logFile());
    assertThat(after.logLevel().orElse("info")).isEqualTo(before.logLevel().orElse("info"));
    assertThat(after.logJson()).isEqualTo(before.logJson());
    assertThat(RetentionPolicy.configured(after))
        .as("prune with no flags deletes nothing on a fresh setup, as the config must say")
        .isEqualTo(RetentionPolicy.configured(before));
    assertThat(RetentionPolicy.configured(before).hasRule()).isFalse();
  }

  @Test
  void theRetentionExamplesAreValidRulesOnceUncommented() throws Exception {
    Path file = tmp.resolve("config.toml");
    Files.writeString(file, DefaultConfig.TEXT.replaceAll("(?m)^# (keep_[a-z]+ = \\d+)", "$1"));

    RetentionPolicy policy = RetentionPolicy.configured(VpoConfig.load(file));

    assertThat(policy.hasRule()).isTrue();
    assertThat(policy.keepLast()).isEqualTo(10);
  }
}
