package vpo.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Free-space checks before work, and recognising a disk that filled up during it. */
class FreeSpaceTest {
  @TempDir Path dir;

  @Test
  void anAbsurdNeedFailsNamingNeededAndAvailableBytes() throws Exception {
    long needed = Long.MAX_VALUE / 2;

    InsufficientSpaceException e =
        catchThrowableOfType(
            InsufficientSpaceException.class, () -> FreeSpace.require(dir, needed, "a backup"));

    assertThat(e).isNotNull();
    assertThat(e.neededBytes()).isEqualTo(needed);
    assertThat(e.availableBytes()).isNotNegative().isLessThan(needed);
    assertThat(e.getMessage())
        .contains(dir.toString())
        .contains("a backup")
        .contains(ByteSizes.human(needed))
        .contains(ByteSizes.human(e.availableBytes()));
    assertThat(e.details())
        .containsEntry("needed_bytes", needed)
        .containsEntry("available_bytes", e.availableBytes());
    assertThat(e.hint()).isNotBlank();
  }

  @Test
  void aModestNeedPasses() {
    assertThatCode(() -> FreeSpace.require(dir, 1, "a note")).doesNotThrowAnyException();
  }

  @Test
  void recognisesAFullDiskInTheMessageOrAnyCause() {
    IOException full = new FileSystemException("/backups/x.tar.gz: No space left on device");

    assertThat(FreeSpace.isDiskFull(full)).isTrue();
    assertThat(FreeSpace.isDiskFull(new IOException("No space left on device"))).isTrue();
    assertThat(FreeSpace.isDiskFull(new UncheckedIOException(full))).isTrue();
    assertThat(FreeSpace.isDiskFull(new RuntimeException("wrapped", new RuntimeException(full))))
        .isTrue();
    assertThat(FreeSpace.isDiskFull(new IOException("Disk quota exceeded"))).isTrue();
    assertThat(FreeSpace.isDiskFull(new SQLException("[SQLITE_FULL] database or disk is full")))
        .isTrue();
  }

  @Test
  void otherFailuresAreNotAFullDisk() {
    assertThat(FreeSpace.isDiskFull(new IOException("Permission denied"))).isFalse();
    assertThat(FreeSpace.isDiskFull(new IOException((String) null))).isFalse();
    assertThat(FreeSpace.isDiskFull(new RuntimeException("x", new IOException("Broken pipe"))))
        .isFalse();
    assertThat(FreeSpace.isDiskFull(null)).isFalse();
  }

  @Test
  void aDiskThatFilledUpIsAnInsufficientSpaceFailureKeepingTheCause() {
    IOException full = new IOException("No space left on device");

    InsufficientSpaceException e = FreeSpace.diskFull(dir, full);

    assertThat(e.getCause()).isSameAs(full);
    assertThat(e.getMessage()).contains(dir.toString()).contains("No space left on device");
    assertThat(e.neededBytes()).isEqualTo(-1);
  }
}
