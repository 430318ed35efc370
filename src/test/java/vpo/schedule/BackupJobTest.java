package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job's command line and environment. */
class BackupJobTest {

  @Test
  void globalOptionsComeFirstThenTheBackupWithWhatWasAsked() {
    BackupJob job =
        BackupJob.of(
            List.of("/usr/bin/java", "-jar", "/opt/vpo/vpo.jar"),
            Path.of("/srv/lib/../lib/library.db"),
            Path.of("/etc/vpo.toml"),
            true,
            List.of("s3://b/p", "/mnt/usb"),
            Map.of());

    assertThat(job.command())
        .containsExactly(
            "/usr/bin/java",
            "-jar",
            "/opt/vpo/vpo.jar",
            "--db",
            "/srv/lib/library.db",
            "--config",
            "/etc/vpo.toml",
            "library",
            "backup",
            "--if-changed",
            "--prune",
            "--copy-to",
            "s3://b/p",
            "--copy-to",
            "/mnt/usb");
    assertThat(job.environment()).containsExactly(Map.entry("VPO_SCHEDULED", "1"));
  }

  @Test
  void withoutOptionsItIsTheBareBackup() {
    BackupJob job = BackupJob.of(List.of("/opt/vpo/vpo"), null, null, false, List.of(), Map.of());

    assertThat(job.command()).containsExactly("/opt/vpo/vpo", "library", "backup", "--if-changed");
  }

  @Test
  void secretsAreWithheldAndNamed() {
    BackupJob job =
        BackupJob.of(
            List.of("/opt/vpo/vpo"),
            null,
            null,
            false,
            List.of(),
            Map.of(
                "AWS_PROFILE", "backup",
                "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "https://s3.example",
                "AWS_ACCESS_KEY_ID", "AKIA",
                "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_SESSION_TOKEN", "t",
                "VPO_DATA_DIR", "/d",
                "MY_PASSWORD", "p"));

    assertThat(job.environment())
        .containsOnlyKeys(
            "AWS_PROFILE", "AWS_REGION", "AWS_ENDPOINT_URL", "VPO_DATA_DIR", "VPO_SCHEDULED");
    assertThat(job.withheld())
        .containsExactly(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "MY_PASSWORD");
  }

  @Test
  void textNoFileCanCarryIsRefused() {
    assertThatThrownBy(
            () ->
                BackupJob.of(
                    List.of("/opt/vpo/vpo"),
                    Path.of("/l/a\nb.db"),
                    null,
                    false,
                    List.of(),
                    Map.of()))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("the command line of a scheduled backup cannot hold '/l/a\\x0ab.db'");
    assertThatThrownBy(
            () ->
                BackupJob.of(
                    List.of("/opt/vpo/vpo"), null, null, false, List.of("s3://b/\ud800"), Map.of()))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining("\\ud800");
    assertThatThrownBy(
            () ->
                BackupJob.of(
                    List.of("/opt/vpo/vpo"), null, null, false, List.of(), Map.of("A B", "x")))
        .isInstanceOf(ScheduleException.class);
    assertThatThrownBy(() -> BackupJob.of(List.of("vpo"), null, null, false, List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
