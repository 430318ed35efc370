package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;

/**
 * Installing into a temporary {@code XDG_CONFIG_HOME} (or home, for launchd), with the real process
 * runner. The service manager is either absent (the real {@code systemctl} with no user bus, as in
 * containers and CI; no {@code launchctl} on Linux) or a stand-in script earlier on the {@code
 * PATH} that records how it was called and answers like {@code systemctl}.
 */
class ScheduleInstallerTest {
  @TempDir Path tmp;
  private Path home;
  private Path unitDir;
  private Path calls;
  private Path fakeBin;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    unitDir = tmp.resolve("xdg config").resolve("systemd").resolve("user");
    calls = tmp.resolve("calls.log");
    fakeBin = Files.createDirectories(tmp.resolve("bin"));
    env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", tmp.resolve("xdg config").toString());
    env.put("USER", "ann");
    env.put("FAKE_LOG", calls.toString());
    env.put("PATH", "/usr/bin:/bin");
  }

  /** A stand-in for {@code name} that records its arguments and answers {@code show}. */
  private void fake(String name, String extra) throws Exception {
    Path script = fakeBin.resolve(name);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "printf '%s\\n' \""
            + name
            + " $*\" >> \"$FAKE_LOG\"\n"
            + "if [ -n \"$FAKE_FAIL\" ] && [ \"$2\" = \"$FAKE_FAIL\" ]; then\n"
            + "  echo \"Failed to $FAKE_FAIL unit: Access denied\" >&2; exit 1\n"
            + "fi\n"
            + extra
            + "exit 0\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    env.put("PATH", fakeBin + ":/usr/bin:/bin");
  }

  private void fakeSystemd() throws Exception {
    fake(
        "systemctl",
        "case \"$*\" in *' show '*) printf 'ActiveState=active\\nNextElapseUSecRealtime=@1796353200\\n' ;; esac\n");
    fake("loginctl", "echo no\n");
  }

  private List<String> calls() throws Exception {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private ScheduleInstaller installer(String os) {
    return new ScheduleInstaller(new Host(env, home, os), new ProcessCommandRunner());
  }

  private ScheduledBackup backup(String every, String at) throws Exception {
    Path program = ScheduleFixtures.argumentPrinter(tmp.resolve("vpo dir"), "vpo");
    return ScheduleFixtures.backup(
        home,
        home.resolve(".vpo").resolve("library.db"),
        home.resolve(".vpo"),
        program,
        Schedule.parse(every, at));
  }

  private static List<String> listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void enablingTwiceLeavesOneScheduleWithTheNewTimes() throws Exception {
    fakeSystemd();
    ScheduleInstaller installer = installer("Linux");

    EnableResult first = installer.enable(backup("daily", "02:30"));
    EnableResult second = installer.enable(backup("hourly", ":15"));

    assertThat(first.replaced()).isFalse();
    assertThat(second.replaced()).isTrue();
    assertThat(second.files())
        .containsExactly(
            unitDir.resolve("vpo-backup.service"), unitDir.resolve("vpo-backup.timer"));
    assertThat(listing(unitDir)).containsExactly("vpo-backup.service", "vpo-backup.timer");
    assertThat(Files.readString(unitDir.resolve("vpo-backup.timer")))
        .contains("OnCalendar=*-*-* *:15:00\n")
        .doesNotContain("02:30");
    assertThat(second.activation().done()).isTrue();
    assertThat(second.lingering()).isFalse();
    assertThat(calls())
        .containsExactly(
            "systemctl --user daemon-reload",
            "systemctl --user enable vpo-backup.timer",
            "systemctl --user restart vpo-backup.timer",
            "loginctl show-user ann -p Linger --value",
            "systemctl --user daemon-reload",
            "systemctl --user enable vpo-backup.timer",
            "systemctl --user restart vpo-backup.timer",
            "loginctl show-user ann -p Linger --value");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(unitDir.resolve("vpo-backup.timer"))))
        .isEqualTo("rw-------");
  }

  @Test
  void withoutAReachableUserManagerTheFilesAreWrittenAndTheResultSaysWhatToRun() throws Exception {
    // The real systemctl where there is one: no XDG_RUNTIME_DIR, no bus. Else "not found".
    EnableResult result = installer("Linux").enable(backup("daily", null));

    assertThat(result.activation().done()).isFalse();
    assertThat(result.activation().reason()).isNotBlank();
    assertThat(result.activation().commands())
        .containsExactly(
            "systemctl --user daemon-reload", "systemctl --user enable --now vpo-backup.timer");
    assertThat(result.lingering()).isNull();
    assertThat(listing(unitDir)).containsExactly("vpo-backup.service", "vpo-backup.timer");
  }

  @Test
  void installedUnitsPassSystemdAnalyzeVerify() throws Exception {
    EnableResult result = installer("Linux").enable(backup("weekly", "Sun 04:00"));
    List<String> command =
        new java.util.ArrayList<>(
            List.of(ScheduleFixtures.systemdAnalyze().toString(), "verify", "--man=no"));
    result.files().forEach(f -> command.add(f.toString()));

    ChildProcesses.Output o;
    try (ChildProcesses p = new ChildProcesses()) {
      o = p.run(120, command);
    }

    assertThat(o.exitCode()).as("%s", o).isZero();
    assertThat(o.err()).isBlank();
  }

  @Test
  void aManagerThatRefusesIsAnErrorAndTheFilesStayForAnotherTry() throws Exception {
    fakeSystemd();
    env.put("FAKE_FAIL", "enable");

    assertThatThrownBy(() -> installer("Linux").enable(backup("daily", null)))
        .isInstanceOf(ScheduleException.class)
        .hasMessage(
            "systemd did not enable vpo-backup.timer: Failed to enable unit: Access denied");
    assertThat(listing(unitDir)).containsExactly("vpo-backup.service", "vpo-backup.timer");
  }

  @Test
  void disableRemovesExactlyWhatEnableInstalled() throws Exception {
    fakeSystemd();
    ScheduleInstaller installer = installer("Linux");
    installer.enable(backup("daily", null));
    // What systemctl enable makes, and a unit and a link of someone else's beside them.
    Path wants = Files.createDirectories(unitDir.resolve("timers.target.wants"));
    Files.createSymbolicLink(wants.resolve("vpo-backup.timer"), Path.of("../vpo-backup.timer"));
    Files.writeString(unitDir.resolve("backup-photos.timer"), "[Timer]\nOnCalendar=daily\n");
    Files.createSymbolicLink(
        wants.resolve("backup-photos.timer"), Path.of("../backup-photos.timer"));
    Files.writeString(unitDir.resolve("vpo-backup-1234abcd.timer"), "# someone's\n");
    Files.delete(calls);

    DisableResult result = installer.disable(new ScheduleName("vpo-backup"));

    assertThat(result.wasInstalled()).isTrue();
    assertThat(result.removed())
        .containsExactlyInAnyOrder(
            unitDir.resolve("vpo-backup.service"),
            unitDir.resolve("vpo-backup.timer"),
            wants.resolve("vpo-backup.timer"));
    assertThat(result.notOurs()).isEmpty();
    assertThat(result.deactivation().done()).isTrue();
    assertThat(listing(unitDir))
        .containsExactly(
            "backup-photos.timer",
            "timers.target.wants",
            "timers.target.wants/backup-photos.timer",
            "vpo-backup-1234abcd.timer");
    assertThat(calls())
        .containsExactly(
            "systemctl --user daemon-reload",
            "systemctl --user disable --now vpo-backup.timer",
            "systemctl --user daemon-reload");
  }

  @Test
  void disableWithoutAReachableManagerStillRemovesTheFilesAndSaysWhatToRun() throws Exception {
    ScheduleInstaller installer = installer("Linux");
    installer.enable(backup("daily", null));

    DisableResult result = installer.disable(new ScheduleName("vpo-backup"));

    assertThat(result.removed()).hasSize(2);
    assertThat(result.deactivation().done()).isFalse();
    assertThat(result.deactivation().commands())
        .containsExactly(
            "systemctl --user stop vpo-backup.timer", "systemctl --user daemon-reload");
    assertThat(listing(unitDir)).isEmpty();
  }

  @Test
  void aFileOfOurNameThatVpoDidNotWriteIsNeitherReplacedNorRemoved() throws Exception {
    fakeSystemd();
    String theirs = "[Service]\nExecStart=/usr/local/bin/their-backup\n";
    ScheduleFixtures.write(unitDir.resolve("vpo-backup.service"), theirs);
    ScheduleInstaller installer = installer("Linux");

    assertThatThrownBy(() -> installer.enable(backup("daily", null)))
        .isInstanceOf(ScheduleException.class)
        .hasMessage(unitDir.resolve("vpo-backup.service") + " exists and was not written by vpo");
    assertThat(listing(unitDir)).containsExactly("vpo-backup.service");

    DisableResult result = installer.disable(new ScheduleName("vpo-backup"));

    assertThat(result.wasInstalled()).isFalse();
    assertThat(result.notOurs()).containsExactly(unitDir.resolve("vpo-backup.service"));
    assertThat(Files.readString(unitDir.resolve("vpo-backup.service"))).isEqualTo(theirs);
    assertThat(calls()).isEmpty();
  }

  @Test
  void statusBeforeAndAfter() throws Exception {
    fakeSystemd();
    ScheduleInstaller installer = installer("Linux");
    ScheduleName name = new ScheduleName("vpo-backup");
    ScheduledBackup backup = backup("weekly", "Sun 04:00");

    ScheduleStatus before = installer.status(name);
    assertThat(installer.installed(name)).isEmpty();
    installer.enable(backup);
    ScheduleStatus during = installer.status(name);
    assertThat(installer.installed(name).orElseThrow().schedule()).isEqualTo(backup.schedule());
    installer.disable(name);
    ScheduleStatus after = installer.status(name);

    assertThat(before.installed()).isFalse();
    assertThat(before.backup()).isNull();
    assertThat(during.installed()).isTrue();
    assertThat(during.backup().schedule()).isEqualTo(backup.schedule());
    assertThat(during.backup().job().command()).isEqualTo(backup.job().command());
    assertThat(during.active()).isTrue();
    assertThat(during.nextRun()).isEqualTo(Instant.ofEpochSecond(1796353200));
    assertThat(calls())
        .contains(
            "systemctl --user show vpo-backup.timer -p ActiveState -p NextElapseUSecRealtime"
                + " --timestamp=unix");
    assertThat(after.installed()).isFalse();
  }

  @Test
  void statusWithoutAReachableManagerKnowsNothingOfTheNextRun() throws Exception {
    ScheduleInstaller installer = installer("Linux");
    installer.enable(backup("daily", null));

    ScheduleStatus status = installer.status(new ScheduleName("vpo-backup"));

    assertThat(status.installed()).isTrue();
    assertThat(status.backup().schedule().describe()).isEqualTo("daily at 03:00");
    assertThat(status.active()).isNull();
    assertThat(status.nextRun()).isNull();
  }

  @Test
  void launchdAgentIsWrittenLoadedAndRemoved() throws Exception {
    fake("launchctl", "");
    ScheduleInstaller installer = installer("Mac OS X");
    ScheduledBackup backup = backup("daily", "02:30");
    String uid =
        new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip();
    Path plist = home.resolve("Library/LaunchAgents/vpo.backup.plist");

    EnableResult enabled = installer.enable(backup);
    ScheduleStatus status = installer.status(backup.name());
    DisableResult disabled = installer.disable(backup.name());

    assertThat(enabled.files()).containsExactly(plist);
    assertThat(enabled.activation().done()).isTrue();
    assertThat(Files.isDirectory(backup.logFile().getParent())).isTrue();
    assertThat(status.installed()).isTrue();
    assertThat(status.active()).isTrue();
    assertThat(status.nextRun()).isNull();
    assertThat(status.backup().schedule()).isEqualTo(backup.schedule());
    assertThat(disabled.removed()).containsExactly(plist);
    assertThat(plist).doesNotExist();
    assertThat(calls())
        .containsExactly(
            "launchctl bootout gui/" + uid + "/vpo.backup",
            "launchctl enable gui/" + uid + "/vpo.backup",
            "launchctl bootstrap gui/" + uid + " " + plist,
            "launchctl print gui/" + uid + "/vpo.backup",
            "launchctl bootout gui/" + uid + "/vpo.backup");
  }

  @Test
  void withoutLaunchctlTheAgentIsWrittenAndTheResultSaysWhatToRun() throws Exception {
    EnableResult result = installer("Mac OS X").enable(backup("hourly", null));

    assertThat(result.activation().done()).isFalse();
    assertThat(result.activation().commands().get(1))
        .matches("launchctl bootstrap gui/\\d+ " + home + "/Library/LaunchAgents/vpo.backup.plist");
    assertThat(home.resolve("Library/LaunchAgents/vpo.backup.plist")).exists();
  }

  @Test
  void otherSystemsAreRefusedWithTheCrontabWayOut() {
    assertThatThrownBy(() -> installer("FreeBSD").enable(backup("daily", null)))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining("not on FreeBSD");
  }

  @Test
  void systemdTimestamps() {
    assertThat(ScheduleInstaller.parseTimestamp("@1796353200"))
        .isEqualTo(Instant.ofEpochSecond(1796353200));
    assertThat(ScheduleInstaller.parseTimestamp("Fri 2026-12-04 03:00:00 UTC"))
        .isEqualTo(Instant.parse("2026-12-04T03:00:00Z"));
    assertThat(ScheduleInstaller.parseTimestamp("")).isNull();
    assertThat(ScheduleInstaller.parseTimestamp("n/a")).isNull();
    assertThat(ScheduleInstaller.parseTimestamp("@0")).isNull();
    assertThat(ScheduleInstaller.parseTimestamp("Fri 2026-12-04 04:00:00 CET")).isNull();
  }

  @Test
  void theUnitDirectoryFollowsXdgConfigHome() {
    assertThat(new Host(Map.of("XDG_CONFIG_HOME", "/x/cfg"), home, "Linux").systemdUserDir())
        .isEqualTo(Path.of("/x/cfg/systemd/user"));
    assertThat(new Host(Map.of("XDG_CONFIG_HOME", "relative"), home, "Linux").systemdUserDir())
        .isEqualTo(home.resolve(".config/systemd/user"));
    assertThat(new Host(Map.of(), home, "Linux").systemdUserDir())
        .isEqualTo(home.resolve(".config/systemd/user"));
  }
}
