package vpo.location;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import vpo.fs.AtomicFile;
import vpo.fs.ByteSizes;
import vpo.fs.PrivateFiles;
import vpo.fs.TempFiles;

/**
 * A local directory of archives. Archives are written to a private temp file beside their final
 * name, flushed, and published with {@code link(2)} (so an existing name is never replaced unless
 * asked), and the directory is flushed. A directory this class creates is 0700, archives are 0600.
 */
public final class LocalDirectory implements BackupLocation {
  private static final int MAX_NAME_ATTEMPTS = 10_000;
  private static final int HASH_BUFFER = 1 << 20;
  private final Path dir;

  public LocalDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public String display() {
    return dir.toString();
  }

  @Override
  public String display(String name) {
    return dir.resolve(ObjectNames.check(name)).toString();
  }

  @Override
  public Optional<Path> localDirectory() {
    return Optional.of(dir);
  }

  @Override
  public List<StoredObject> list() throws IOException {
    List<StoredObject> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (ObjectNames.isTemporary(name)) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // Removed while listing.
        }
        if (a.isRegularFile()) {
          found.add(new StoredObject(name, a.size(), a.lastModifiedTime().toInstant(), null));
        }
      }
    }
    return found;
  }

  @Override
  public InputStream read(String name) throws IOException {
    return Files.newInputStream(path(name));
  }

  @Override
  public InputStream readRange(String name, long offset, int length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range");
    }
    SeekableByteChannel channel = Files.newByteChannel(path(name), StandardOpenOption.READ);
    channel.position(offset);
    return new Limited(Channels.newInputStream(channel), length);
  }

  @Override
  public boolean exists(String name) {
    return Files.exists(path(name), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Upload create(String name, boolean overwrite) throws IOException {
    Path target = path(name);
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    PrivateFiles.createDirectories(dir);
    return new LocalUpload(AtomicFile.create(dir, "archive.tar.gz"), name, null, overwrite);
  }

  @Override
  public Upload createAutoNamed(IntFunction<String> nameForSuffix) throws IOException {
    PrivateFiles.createDirectories(dir);
    return new LocalUpload(AtomicFile.create(dir, "archive.tar.gz"), null, nameForSuffix, false);
  }

  @Override
  public void delete(String name) throws IOException {
    Path p = path(name);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!a.isRegularFile()) {
      // Prune deletes archives only, never what a symbolic link of that name points to.
      throw new IOException(p + " is not a regular file; not deleted");
    }
    Files.deleteIfExists(p);
    AtomicFile.syncDirectory(dir);
  }

  @Override
  public List<String> cleanStale() {
    List<String> done = new ArrayList<>();
    for (Path p : TempFiles.removeStale(dir)) {
      done.add("removed " + p + ", left by a vpo process that no longer runs");
    }
    return done;
  }

  @Override
  public void close() {
    // Nothing held open.
  }

  private Path path(String name) {
    return dir.resolve(ObjectNames.check(name));
  }

  /** An archive being written to a temp file in the directory. */
  private final class LocalUpload implements Upload {
    private final AtomicFile file;
    private final String name;
    private final IntFunction<String> nameForSuffix;
    private final boolean overwrite;
    private int headLength = -1;
    private boolean headWritten;
    private boolean inOrder;

    LocalUpload(
        AtomicFile file, String name, IntFunction<String> nameForSuffix, boolean overwrite) {
      this.file = file;
      this.name = name;
      this.nameForSuffix = nameForSuffix;
      this.overwrite = overwrite;
    }

    @Override
    public OutputStream body(int headLength) throws IOException {
      if (this.headLength >= 0 || inOrder) {
        throw new IllegalStateException("the body was already started");
      }
      if (headLength < 0) {
        throw new IllegalArgumentException("negative head length");
      }
      this.headLength = headLength;
      return file.outputStreamAt(headLength);
    }

    @Override
    public void head(byte[] head) throws IOException {
      if (headLength < 0 || inOrder) {
        throw new IllegalStateException("head() comes after body() and before any restart()");
      }
      if (head.length != headLength) {
        throw new IllegalArgumentException(
            "the head is "
                + ByteSizes.exact(head.length)
                + ", room was left for "
                + ByteSizes.exact(headLength));
      }
      file.writeAt(0, head);
      headWritten = true;
    }

    @Override
    public OutputStream restart() throws IOException {
      file.truncate();
      inOrder = true;
      return file.outputStream();
    }

    @Override
    public StoredObject commit() throws IOException {
      if (!inOrder && !headWritten) {
        throw new IllegalStateException("nothing complete to commit: the head was not written");
      }
      // Read back for the checksum while the flush to disk runs: the head was written last, so
      // the bytes were never seen in order.
      CompletableFuture<String> sha256 =
          CompletableFuture.supplyAsync(() -> sha256(file.tempPath()));
      try {
        file.sync();
      } finally {
        try {
          sha256.join();
        } catch (CompletionException e) {
          // Reported below, once the flush succeeded.
        }
      }
      String digest;
      try {
        digest = sha256.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        throw e;
      }
      if (name != null) {
        file.publishAs(dir.resolve(name), overwrite);
      } else {
        publishUnderFreeName();
      }
      Path published = file.published();
      BasicFileAttributes a =
          Files.readAttributes(published, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new StoredObject(
          published.getFileName().toString(), a.size(), a.lastModifiedTime().toInstant(), digest);
    }

    private void publishUnderFreeName() throws IOException {
      for (int n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
        try {
          file.publishAs(dir.resolve(ObjectNames.check(nameForSuffix.apply(n))), false);
          return;
        } catch (FileAlreadyExistsException e) {
          // Taken, by an earlier archive or a rival writer: try the next suffix.
        }
      }
      throw new IOException("no free archive name in " + dir);
    }

    @Override
    public void close() {
      file.close();
    }
  }

  private static String sha256(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** At most {@code remaining} bytes of a stream. */
  private static final class Limited extends FilterInputStream {
    private long remaining;

    Limited(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
