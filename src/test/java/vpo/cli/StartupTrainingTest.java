package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingTest {
  @TempDir Path home;

  @Test
  void trainingRunsBackupRestoreAndPruneForReal() throws Exception {
    StartupTraining.main(new String[] {home.toString()});

    List<String> names;
    try (Stream<Path> files = Files.list(home.resolve(".vpo").resolve("backups"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    // Prune --keep-last 1 leaves the newest backup. The training's library is empty, as vpo
    // creates it, so restoring over it saves no safety archive: there is nothing to lose.
    assertThat(names).singleElement().asString().doesNotContain("-pre-");
    assertThat(home.resolve(".vpo").resolve("library.db")).isRegularFile();
    // The encrypted path ran too: a key, an encrypted backup, and its restore.
    assertThat(home.resolve(".vpo").resolve("backup-key.txt")).isRegularFile();
    assertThat(Files.readAllLines(home.resolve(".vpo").resolve("backup-runs.jsonl")))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"outcome\":\"success\"")
                    .containsPattern("\\.tar\\.gz\\.age\""));
    assertThat(Files.readAllLines(home.resolve(".vpo").resolve("logs").resolve("vpo.log")))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("restore finished")
                    .contains(".tar.gz.age")
                    .contains("outcome=\"success\""));
    // The S3 listing reached the training's own store on this machine, and failed as it should.
    assertThat(Files.readString(home.resolve(".vpo").resolve("logs").resolve("vpo.log")))
        .contains("command failed: the bucket of s3://training/x/ does not exist at 127.0.0.1:");
  }
}
