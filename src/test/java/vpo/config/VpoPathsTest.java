package vpo.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Where vpo's files live, and which override wins (PRODUCT.md section 1). */
class VpoPathsTest {
  private static final Path HOME = Path.of("/home/ana");
  private static final Path CWD = Path.of("/work/elsewhere");
  private static final VpoPaths.Overrides NO_FLAGS = new VpoPaths.Overrides(null, null, null);

  private static VpoPaths resolve(Map<String, String> env, VpoPaths.Overrides flags, VpoConfig c) {
    return VpoPaths.resolve(env, HOME, CWD, flags, c);
  }

  private static VpoConfig config(String databasePath, String backupDir, String logFile) {
    return new VpoConfig(
        Optional.ofNullable(databasePath),
        Optional.ofNullable(backupDir),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        Optional.ofNullable(logFile),
        Optional.empty(),
        false);
  }

  @Test
  void everythingDefaultsToDotVpoInHome() {
    VpoPaths p = resolve(Map.of(), NO_FLAGS, VpoConfig.EMPTY);

    assertThat(p.dataDir()).isEqualTo(Path.of("/home/ana/.vpo"));
    assertThat(p.configFile()).isEqualTo(Path.of("/home/ana/.vpo/config.toml"));
    assertThat(p.database()).isEqualTo(Path.of("/home/ana/.vpo/library.db"));
    assertThat(p.databaseExplicit()).isFalse();
    assertThat(p.backupDir()).isEqualTo(Path.of("/home/ana/.vpo/backups"));
    assertThat(p.logFile()).isEqualTo(Path.of("/home/ana/.vpo/logs/vpo.log"));
  }

  @Test
  void dataDirFromEnvironmentMovesEverythingThatDefaultsIntoIt() {
    VpoPaths p = resolve(Map.of("VPO_DATA_DIR", "/srv/vpo"), NO_FLAGS, VpoConfig.EMPTY);

    assertThat(p.dataDir()).isEqualTo(Path.of("/srv/vpo"));
    assertThat(p.configFile()).isEqualTo(Path.of("/srv/vpo/config.toml"));
    assertThat(p.database()).isEqualTo(Path.of("/srv/vpo/library.db"));
    assertThat(p.databaseExplicit()).isFalse();
    assertThat(p.backupDir()).isEqualTo(Path.of("/srv/vpo/backups"));
    assertThat(p.logFile()).isEqualTo(Path.of("/srv/vpo/logs/vpo.log"));
  }

  @Test
  void dataDirFromEnvironmentExpandsTildeAndTakesRelativeFromWorkingDirectory() {
    assertThat(resolve(Map.of("VPO_DATA_DIR", "~/vpo-data"), NO_FLAGS, VpoConfig.EMPTY).dataDir())
        .isEqualTo(Path.of("/home/ana/vpo-data"));
    assertThat(resolve(Map.of("VPO_DATA_DIR", "data"), NO_FLAGS, VpoConfig.EMPTY).dataDir())
        .isEqualTo(Path.of("/work/elsewhere/data"));
  }

  @Test
  void blankEnvironmentVariablesAreIgnored() {
    VpoPaths p =
        resolve(
            Map.of("VPO_DATA_DIR", " ", "VPO_DATABASE_PATH", "", "VPO_CONFIG_PATH", "  "),
            NO_FLAGS,
            VpoConfig.EMPTY);

    assertThat(p.dataDir()).isEqualTo(Path.of("/home/ana/.vpo"));
    assertThat(p.database()).isEqualTo(Path.of("/home/ana/.vpo/library.db"));
    assertThat(p.configFile()).isEqualTo(Path.of("/home/ana/.vpo/config.toml"));
  }

  @Test
  void databaseFlagBeatsEnvironmentWhichBeatsConfig() {
    VpoConfig config = config("/from/config.db", null, null);
    Map<String, String> env = Map.of("VPO_DATABASE_PATH", "/from/env.db");
    VpoPaths.Overrides flag = new VpoPaths.Overrides(Path.of("/from/flag.db"), null, null);

    assertThat(resolve(Map.of(), NO_FLAGS, config).database())
        .isEqualTo(Path.of("/from/config.db"));
    assertThat(resolve(env, NO_FLAGS, config).database()).isEqualTo(Path.of("/from/env.db"));
    assertThat(resolve(env, flag, config).database()).isEqualTo(Path.of("/from/flag.db"));
    assertThat(resolve(env, flag, config).databaseExplicit()).isTrue();
    assertThat(resolve(env, NO_FLAGS, config).databaseExplicit()).isTrue();
    assertThat(resolve(Map.of(), NO_FLAGS, config).databaseExplicit()).isTrue();
  }

  @Test
  void databaseFromEnvironmentBeatsDataDirFromEnvironment() {
    VpoPaths p =
        resolve(
            Map.of("VPO_DATA_DIR", "/srv/vpo", "VPO_DATABASE_PATH", "~/lib.db"),
            NO_FLAGS,
            VpoConfig.EMPTY);

    assertThat(p.database()).isEqualTo(Path.of("/home/ana/lib.db"));
    assertThat(p.backupDir()).isEqualTo(Path.of("/srv/vpo/backups"));
  }

  @Test
  void relativeDatabaseFlagIsTakenFromTheWorkingDirectory() {
    VpoPaths p =
        resolve(
            Map.of(),
            new VpoPaths.Overrides(Path.of("libs/../lib.db"), null, null),
            VpoConfig.EMPTY);

    assertThat(p.database()).isEqualTo(Path.of("/work/elsewhere/lib.db"));
  }

  @Test
  void configFlagBeatsConfigEnvironmentWhichBeatsDataDir() {
    Map<String, String> env = Map.of("VPO_CONFIG_PATH", "~/cfg/vpo.toml", "VPO_DATA_DIR", "/srv");
    Path dataDir = VpoPaths.dataDir(env, HOME, CWD);

    assertThat(VpoPaths.configFile(NO_FLAGS, dataDir, Map.of(), HOME, CWD))
        .isEqualTo(Path.of("/srv/config.toml"));
    assertThat(VpoPaths.configFile(NO_FLAGS, dataDir, env, HOME, CWD))
        .isEqualTo(Path.of("/home/ana/cfg/vpo.toml"));
    assertThat(
            VpoPaths.configFile(
                new VpoPaths.Overrides(null, Path.of("my.toml"), null), dataDir, env, HOME, CWD))
        .isEqualTo(Path.of("/work/elsewhere/my.toml"));
    assertThat(
            resolve(
                    env,
                    new VpoPaths.Overrides(null, Path.of("/etc/vpo.toml"), null),
                    VpoConfig.EMPTY)
                .configFile())
        .isEqualTo(Path.of("/etc/vpo.toml"));
  }

  @Test
  void tildeAndRelativePathsInTheConfigAreTakenFromHomeNotTheWorkingDirectory() {
    VpoPaths tilde =
        resolve(Map.of(), NO_FLAGS, config("~/media/vpo.db", "~/vpo-backups", "~/logs/vpo.log"));
    VpoPaths relative =
        resolve(Map.of(), NO_FLAGS, config("media/vpo.db", "vpo-backups", "logs/vpo.log"));
    VpoPaths bareTilde = resolve(Map.of(), NO_FLAGS, config(null, "~", null));

    for (VpoPaths p : new VpoPaths[] {tilde, relative}) {
      assertThat(p.database()).isEqualTo(Path.of("/home/ana/media/vpo.db"));
      assertThat(p.backupDir()).isEqualTo(Path.of("/home/ana/vpo-backups"));
      assertThat(p.logFile()).isEqualTo(Path.of("/home/ana/logs/vpo.log"));
    }
    assertThat(bareTilde.backupDir()).isEqualTo(HOME);
  }

  @Test
  void absolutePathsInTheConfigAreKept() {
    VpoPaths p = resolve(Map.of(), NO_FLAGS, config("/data/lib.db", "/backups", "/var/log/v.log"));

    assertThat(p.database()).isEqualTo(Path.of("/data/lib.db"));
    assertThat(p.backupDir()).isEqualTo(Path.of("/backups"));
    assertThat(p.logFile()).isEqualTo(Path.of("/var/log/v.log"));
  }

  @Test
  void logFileFlagBeatsConfig() {
    VpoPaths p =
        resolve(
            Map.of(),
            new VpoPaths.Overrides(null, null, Path.of("run.log")),
            config(null, null, "~/logs/vpo.log"));

    assertThat(p.logFile()).isEqualTo(Path.of("/work/elsewhere/run.log"));
  }
}
