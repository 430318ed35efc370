package vpo.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import vpo.backup.BackupCatalog;
import vpo.backup.BackupEntry;

/** The newest readable archive in the backup directory, for {@code library info}. */
record NewestBackup(Path path, Instant created) {
  static NewestBackup find(Session session) {
    return new BackupCatalog(session.paths().backupDir())
        .list().stream()
            .filter(BackupEntry::readable)
            .findFirst()
            .map(e -> new NewestBackup(e.path(), e.createdAt()))
            .orElse(null);
  }

  long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(created, now).getSeconds());
  }
}
