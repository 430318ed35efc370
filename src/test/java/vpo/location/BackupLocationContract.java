package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackupLocation} promises, written once and run against each implementation
 * (Litestream's ReplicaClient tests are the model). Subclasses give a fresh, empty location per
 * test and a way to see everything its storage holds, temporary files and unfinished uploads
 * included.
 */
abstract class BackupLocationContract {
  /** Larger than one S3 part in the subclasses' tuning, so uploads go multipart. */
  static final int LARGE = 40 << 20;

  static final int HEAD = 700;

  BackupLocation location;

  /** A fresh, empty location. */
  abstract BackupLocation newLocation() throws IOException;

  /**
   * Everything the location's storage holds, by name relative to the location, including vpo's
   * temporary files and, for S3, unfinished multipart uploads (as {@code upload:KEY}).
   */
  abstract List<String> everything() throws IOException;

  /** Puts {@code bytes} at {@code relative} (which may contain '/') behind the location's back. */
  abstract void putRaw(String relative, byte[] bytes) throws IOException;

  /**
   * Whether the location records each archive's SHA-256 and gives it once the archive has been read
   * ({@link BackupLocation#knownSha256}).
   */
  abstract boolean recordsSha256();

  @BeforeEach
  void open() throws IOException {
    location = newLocation();
  }

  @AfterEach
  void closeLocation() {
    location.close();
  }

  @Test
  void writesListsReadsAndDeletes() throws IOException {
    byte[] data = data(100_000, 1);
    StoredObject stored;
    try (Upload u = location.create("a.tar.gz", false)) {
      write(u.restart(), data);
      stored = u.commit();
    }
    assertThat(stored.name()).isEqualTo("a.tar.gz");
    assertThat(stored.sizeBytes()).isEqualTo(data.length);
    assertThat(stored.sha256()).isEqualTo(sha256(data));

    List<StoredObject> listed = location.list();
    assertThat(listed).extracting(StoredObject::name).containsExactly("a.tar.gz");
    assertThat(listed.get(0).sizeBytes()).isEqualTo(data.length);
    assertThat(listed.get(0).lastModified()).isNotNull();
    assertThat(location.exists("a.tar.gz")).isTrue();
    assertThat(location.exists("b.tar.gz")).isFalse();
    assertThat(readAll(location.read("a.tar.gz"))).isEqualTo(data);

    assertThat(readAll(location.readRange("a.tar.gz", 0, 65536)))
        .isEqualTo(Arrays.copyOfRange(data, 0, 65536));
    assertThat(readAll(location.readRange("a.tar.gz", 99_990, 100)))
        .isEqualTo(Arrays.copyOfRange(data, 99_990, 100_000));
    assertThat(readAll(location.readRange("a.tar.gz", 100_010, 5))).isEmpty();
    assertThat(readAll(location.readRange("a.tar.gz", 5, 0))).isEmpty();

    location.delete("a.tar.gz");
    assertThat(location.exists("a.tar.gz")).isFalse();
    assertThat(location.list()).isEmpty();
    location.delete("a.tar.gz"); // Already gone: nothing happens.
    assertThat(everything()).isEmpty();
  }

  @Test
  void aMissingArchiveIsNoSuchFile() {
    assertThatThrownBy(() -> location.read("missing.tar.gz"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing.tar.gz");
    assertThatThrownBy(() -> location.readRange("missing.tar.gz", 0, 10))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void anEmptyLocationListsNothing() throws IOException {
    assertThat(location.list()).isEmpty();
  }

  @Test
  void theHeadWrittenLastGivesTheSameBytesAsInOrder() throws IOException {
    for (int size : new int[] {HEAD, HEAD + 10, 300_000, LARGE}) {
      byte[] data = data(size, size);
      StoredObject headLast;
      try (Upload u = location.create("last.tar.gz", true)) {
        headLast = writeHeadLast(u, data);
      }
      StoredObject inOrder;
      try (Upload u = location.create("order.tar.gz", true)) {
        write(u.restart(), data);
        inOrder = u.commit();
      }
      assertThat(readAll(location.read("last.tar.gz"))).isEqualTo(data);
      assertThat(readAll(location.read("order.tar.gz"))).isEqualTo(data);
      assertThat(headLast.sha256()).isEqualTo(inOrder.sha256()).isEqualTo(sha256(data));
      assertThat(headLast.sizeBytes()).isEqualTo(size);
    }
    assertThat(everything()).containsExactlyInAnyOrder("last.tar.gz", "order.tar.gz");
  }

  @Test
  void sizesAroundPartBoundariesRoundTrip() throws IOException {
    int part = 5 << 20;
    for (int size : new int[] {part - 1, part, part + 1, 2 * part}) {
      byte[] data = data(size, size + 1L);
      try (Upload u = location.create("edge.tar.gz", true)) {
        assertThat(writeHeadLast(u, data).sizeBytes()).isEqualTo(size);
      }
      assertThat(readAll(location.read("edge.tar.gz"))).isEqualTo(data);
    }
    for (int size : new int[] {part, part + 1}) {
      byte[] data = data(size, size + 2L);
      try (Upload u = location.create("edge.tar.gz", true)) {
        write(u.restart(), data);
        assertThat(u.commit().sha256()).isEqualTo(sha256(data));
      }
      assertThat(readAll(location.read("edge.tar.gz"))).isEqualTo(data);
    }
    assertThat(everything()).containsExactly("edge.tar.gz");
  }

  @Test
  void anExistingNameIsNotReplacedWithoutOverwrite() throws IOException {
    byte[] first = data(5_000, 2);
    byte[] second = data(6_000, 3);
    try (Upload u = location.create("x.tar.gz", false)) {
      write(u.restart(), first);
      u.commit();
    }
    assertThatThrownBy(() -> location.create("x.tar.gz", false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("x.tar.gz");
    try (Upload u = location.create("x.tar.gz", true)) {
      write(u.restart(), second);
      assertThat(u.commit().sizeBytes()).isEqualTo(second.length);
    }
    assertThat(readAll(location.read("x.tar.gz"))).isEqualTo(second);
    assertThat(everything()).containsExactly("x.tar.gz");
  }

  @Test
  void aNameTakenWhileWritingFailsTheCommitAndLeavesTheOtherArchive() throws IOException {
    for (int size : new int[] {5_000, LARGE}) {
      byte[] mine = data(size, 4);
      byte[] theirs = data(7_000, 5);
      try (Upload u = location.create("race.tar.gz", false)) {
        writeHeadLastWithoutCommit(u, mine);
        try (Upload rival = location.create("race.tar.gz", false)) {
          write(rival.restart(), theirs);
          rival.commit();
        }
        assertThatThrownBy(u::commit)
            .isInstanceOf(FileAlreadyExistsException.class)
            .hasMessageContaining("race.tar.gz");
      }
      assertThat(readAll(location.read("race.tar.gz"))).isEqualTo(theirs);
      assertThat(everything()).containsExactly("race.tar.gz");
      location.delete("race.tar.gz");
    }
  }

  @Test
  void autoNamesTakeTheNextFreeSuffix() throws IOException {
    putRaw("b-1.tar.gz", data(10, 6));
    String[] names = new String[3];
    // Two uploads under way at once, then one more: none replaces another.
    try (Upload one = location.createAutoNamed(n -> "b-" + n + ".tar.gz");
        Upload two = location.createAutoNamed(n -> "b-" + n + ".tar.gz")) {
      write(one.restart(), data(1_000, 7));
      write(two.restart(), data(2_000, 8));
      names[0] = two.commit().name();
      names[1] = one.commit().name();
    }
    try (Upload three = location.createAutoNamed(n -> "b-" + n + ".tar.gz")) {
      names[2] = writeHeadLast(three, data(LARGE, 9)).name();
    }
    assertThat(names).containsExactly("b-2.tar.gz", "b-3.tar.gz", "b-4.tar.gz");
    assertThat(location.read("b-1.tar.gz").readAllBytes()).isEqualTo(data(10, 6));
    assertThat(location.read("b-2.tar.gz").readAllBytes()).isEqualTo(data(2_000, 8));
    assertThat(location.read("b-3.tar.gz").readAllBytes()).isEqualTo(data(1_000, 7));
    assertThat(everything())
        .containsExactlyInAnyOrder("b-1.tar.gz", "b-2.tar.gz", "b-3.tar.gz", "b-4.tar.gz");
  }

  @Test
  void closingWithoutCommitLeavesNothing() throws IOException {
    for (int size : new int[] {1_000, LARGE}) {
      try (Upload u = location.create("gone.tar.gz", false)) {
        writeHeadLastWithoutCommit(u, data(size, 10));
      }
      try (Upload u = location.createAutoNamed(n -> "auto-" + n + ".tar.gz")) {
        OutputStream body = u.body(HEAD);
        write(body, data(size, 11));
        // Abandoned halfway: no head, no commit.
      }
    }
    assertThat(location.exists("gone.tar.gz")).isFalse();
    assertThat(location.list()).isEmpty();
    assertThat(everything()).isEmpty();
  }

  @Test
  void aCommitWithoutTheHeadIsRefusedAndLeavesNothing() throws IOException {
    try (Upload u = location.create("nohead.tar.gz", false)) {
      write(u.body(HEAD), data(LARGE, 12));
      assertThatThrownBy(u::commit).isInstanceOf(IllegalStateException.class);
    }
    assertThat(everything()).isEmpty();
  }

  @Test
  void restartDiscardsWhatWasWrittenAndWritesInOrder() throws IOException {
    byte[] data = data(LARGE + 12345, 13);
    StoredObject stored;
    try (Upload u = location.create("again.tar.gz", false)) {
      write(u.body(HEAD), data(LARGE, 14));
      write(u.restart(), data);
      stored = u.commit();
    }
    assertThat(stored.sha256()).isEqualTo(sha256(data));
    assertThat(readAll(location.read("again.tar.gz"))).isEqualTo(data);
    assertThat(everything()).containsExactly("again.tar.gz");
  }

  @Test
  void aLargeArchiveRoundTripsWithItsSha256() throws IOException {
    byte[] data = data(LARGE + 777, 15);
    StoredObject stored;
    try (Upload u = location.createAutoNamed(n -> "large-" + n + ".tar.gz")) {
      stored = writeHeadLast(u, data);
    }
    assertThat(stored.name()).isEqualTo("large-1.tar.gz");
    assertThat(stored.sha256()).isEqualTo(sha256(data));
    MessageDigest digest = sha256();
    long length = 0;
    try (InputStream in = location.read("large-1.tar.gz")) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        length += n;
      }
    }
    assertThat(length).isEqualTo(data.length);
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(stored.sha256());
    StoredObject listed = location.list().get(0);
    assertThat(listed.sizeBytes()).isEqualTo(data.length);
    if (recordsSha256()) {
      assertThat(location.knownSha256(listed.name())).isEqualTo(sha256(data));
    }
  }

  @Test
  void listingShowsOnlyArchivesDirectlyInTheLocation() throws IOException {
    putRaw("vpo-library-2026-01-01T00-00-00Z.tar.gz", data(100, 16));
    putRaw("sub/inner.tar.gz", data(100, 17));
    putRaw(".vpo-tmp-1-abc-archive.tar.gz", data(100, 18));
    assertThat(location.list())
        .extracting(StoredObject::name)
        .containsExactly("vpo-library-2026-01-01T00-00-00Z.tar.gz");
  }

  @Test
  void aReadOfTheHeadBringsTheSha256OfWhatItWrote() throws IOException {
    byte[] small = data(3_000, 19);
    try (Upload u = location.create("s.tar.gz", false)) {
      writeHeadLast(u, small);
    }
    StoredObject listed = location.list().get(0);
    // As a listing reads it: the head first, which brings the recorded checksum along.
    try (InputStream head = location.readHead(listed.name())) {
      assertThat(head.readNBytes(100)).hasSize(100);
    }
    if (recordsSha256()) {
      assertThat(location.knownSha256(listed.name())).isEqualTo(sha256(small));
    } else {
      assertThat(location.knownSha256(listed.name())).isNull();
    }
  }

  @Test
  void namesWithADirectoryAreRefused() {
    for (String bad : new String[] {"", "..", "a/b.tar.gz", "."}) {
      assertThatThrownBy(() -> location.create(bad, false))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // Helpers.

  static StoredObject writeHeadLast(Upload u, byte[] data) throws IOException {
    writeHeadLastWithoutCommit(u, data);
    return u.commit();
  }

  static void writeHeadLastWithoutCommit(Upload u, byte[] data) throws IOException {
    int head = Math.min(HEAD, data.length);
    OutputStream body = u.body(head);
    write(body, Arrays.copyOfRange(data, head, data.length));
    body.close();
    u.head(Arrays.copyOf(data, head));
  }

  /** Writes in uneven pieces, as a compressor would. */
  static void write(OutputStream out, byte[] data) throws IOException {
    int at = 0;
    int piece = 1;
    while (at < data.length) {
      int n = Math.min(data.length - at, piece);
      out.write(data, at, n);
      at += n;
      piece = piece * 7 % 300_007 + 1;
    }
    out.flush();
  }

  static byte[] data(int size, long seed) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long v = r.nextLong();
      for (int j = 0; j < 8 && i + j < size; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static String sha256(byte[] data) {
    return HexFormat.of().formatHex(sha256().digest(data));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
