package vpo.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The newest archive in the backup directory, for {@code library info}. */
record NewestBackup(Path path, Instant created) {
  static NewestBackup find(Session session) {
    return null;
  }

  long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(created, now).getSeconds());
  }
}
