package vpo.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file appears under its name complete, private, and only when committed. */
class AtomicFileTest {
  @TempDir Path dir;

  private List<String> names() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void write(AtomicFile f, String text) throws Exception {
    try (OutputStream out = f.outputStream()) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void commitPublishesTheContentPrivatelyAndLeavesNoTempFile() throws Exception {
    Path target = dir.resolve("archive.tar.gz");

    try (AtomicFile f = AtomicFile.create(target.getParent(), "test")) {
      write(f, "hello");
      assertThat(target).as("not visible before publishing").doesNotExist();
      assertThat(f.tempPath()).exists();
      assertThat(f.tempPath().getParent()).isEqualTo(dir);
      assertThat(f.tempPath().getFileName().toString())
          .startsWith(TempFiles.PREFIX + ProcessHandle.current().pid() + "-")
          .endsWith("-test");
      f.publishAs(target, false);
    }

    assertThat(target).hasContent("hello");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
    assertThat(names()).containsExactly("archive.tar.gz");
  }

  @Test
  void closeWithoutCommitLeavesNoFileAndNoTemp() throws Exception {
    Path target = dir.resolve("archive.tar.gz");
    Path temp;

    try (AtomicFile f = AtomicFile.create(target.getParent(), "test")) {
      write(f, "half of an archive");
      temp = f.tempPath();
      assertThat(temp).exists();
    }

    assertThat(target).doesNotExist();
    assertThat(temp).doesNotExist();
    assertThat(names()).isEmpty();
  }

  @Test
  void commitWithoutReplaceNeverOverwritesAFileThatAppearedMeanwhile() throws Exception {
    Path target = dir.resolve("archive.tar.gz");

    try (AtomicFile f = AtomicFile.create(target.getParent(), "test")) {
      write(f, "new");
      Files.writeString(target, "someone else's file");
      assertThatThrownBy(() -> f.publishAs(target, false))
          .isInstanceOf(FileAlreadyExistsException.class);
    }

    assertThat(target).hasContent("someone else's file");
    assertThat(names()).as("the temp file is gone after close").containsExactly("archive.tar.gz");
  }

  @Test
  void commitWithoutReplaceOntoAnExistingFileFails() throws Exception {
    Path target = dir.resolve("library.db");
    byte[] existing = {1, 2, 3, 4, 5};
    Files.write(target, existing);

    try (AtomicFile f = AtomicFile.create(target.getParent(), "test")) {
      write(f, "replacement");
      assertThatThrownBy(() -> f.publishAs(target, false))
          .isInstanceOf(FileAlreadyExistsException.class);
    }

    assertThat(target).hasBinaryContent(existing);
    assertThat(names()).containsExactly("library.db");
  }

  @Test
  void commitWithReplaceReplacesTheFile() throws Exception {
    Path target = dir.resolve("library.db");
    Files.writeString(target, "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

    try (AtomicFile f = AtomicFile.create(target.getParent(), "test")) {
      write(f, "new");
      f.publishAs(target, true);
    }

    assertThat(target).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
    assertThat(names()).containsExactly("library.db");
  }

  @Test
  void publishWithoutReplaceMovesTheFileWhenTheNameIsFree() throws Exception {
    Path from = dir.resolve("a");
    Path to = dir.resolve("b");
    Files.writeString(from, "content");

    AtomicFile.publish(from, to, false);

    assertThat(to).hasContent("content");
    assertThat(from).doesNotExist();
  }

  @Test
  void publishWithoutReplaceRefusesAnExistingNameAndKeepsBothFiles() throws Exception {
    Path from = dir.resolve("a");
    Path to = dir.resolve("b");
    Files.writeString(from, "mine");
    Files.writeString(to, "theirs");

    assertThatThrownBy(() -> AtomicFile.publish(from, to, false))
        .isInstanceOf(FileAlreadyExistsException.class);

    assertThat(to).hasContent("theirs");
    assertThat(from).hasContent("mine");
  }
}
