package vpo.architecture.violations;

import java.nio.file.Path;
import vpo.fs.PrivateFiles;
import vpo.progress.ProgressListener;

/** Domain code that keeps to the rules: reports through a listener, uses other domain code. */
public final class WellBehaved {
  private WellBehaved() {}

  static void work(Path dir, ProgressListener progress) throws java.io.IOException {
    progress.start("work", 1);
    PrivateFiles.createDirectories(dir);
    progress.advance(1);
    progress.finish();
  }
}
