package vpo.fs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * A file that appears under its final name only when complete and durable: written to a temp name
 * beside the destination, flushed to disk, then published with one atomic directory operation, and
 * the directory flushed. Until {@link #publishAs} the final name is untouched; {@link #close}
 * before it removes every trace.
 */
public final class AtomicFile implements AutoCloseable {
  private final Path temp;
  private final FileChannel channel;
  private boolean synced;
  private Path published;

  private AtomicFile(Path temp, FileChannel channel) {
    this.temp = temp;
    this.channel = channel;
  }

  /** Starts a private (0600) temp file in {@code dir}, to be published there. */
  public static AtomicFile create(Path dir, String purpose) throws IOException {
    Path temp = TempFiles.allocate(dir.toAbsolutePath(), purpose);
    try {
      FileChannel channel =
          FileChannel.open(
              temp,
              EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PrivateFiles.fileAttributes());
      return new AtomicFile(temp, channel);
    } catch (IOException | RuntimeException e) {
      TempFiles.release(temp);
      throw e;
    }
  }

  public Path tempPath() {
    return temp;
  }

  /** The stream to write the content to. Closing it does not publish. */
  public OutputStream outputStream() {
    return new FilterOutputStream(Channels.newOutputStream(channel)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() {
        // The channel belongs to the AtomicFile.
      }
    };
  }

  /**
   * A stream writing the content from byte {@code position} on, for content whose start is written
   * last ({@link #writeAt}). Closing it does not publish.
   */
  public OutputStream outputStreamAt(long position) throws IOException {
    channel.position(position);
    return outputStream();
  }

  /** Writes all of {@code bytes} at {@code position}, leaving the stream's position alone. */
  public void writeAt(long position, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  /** Empties the content, to write it anew from the start. */
  public void truncate() throws IOException {
    channel.truncate(0);
    channel.position(0);
  }

  /** Flushes the content to disk; further writes fail. Idempotent. */
  public void sync() throws IOException {
    if (!synced) {
      channel.force(true);
      channel.close();
      PrivateFiles.restrict(temp);
      synced = true;
    }
  }

  /**
   * Makes the content appear as {@code target} (in the same directory), durably. Without {@code
   * replace} it throws {@link FileAlreadyExistsException} if {@code target} exists, and the content
   * stays ready to publish under another name.
   */
  public void publishAs(Path target, boolean replace) throws IOException {
    sync();
    publish(temp, target, replace);
    published = target;
    TempFiles.release(temp);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** The name it was published under, or null. */
  public Path published() {
    return published;
  }

  /**
   * Moves {@code from} to {@code to} atomically. Without {@code replace}, a hard link makes the new
   * name appear only if it is free (rename(2) would silently replace), so two writers can never
   * take the same name.
   */
  public static void publish(Path from, Path to, boolean replace) throws IOException {
    if (replace) {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try {
      Files.createLink(to, from);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      // File systems without hard links: check, then rename. Not atomic against a rival
      // writer, but never replaces a file that existed before the check.
      if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(to.toString());
      }
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Files.delete(from);
  }

  /** Makes a rename or creation in {@code dir} durable. Best effort where unsupported. */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open or flush a directory; the rename itself still happened.
    }
  }

  /** Removes the temp file unless it was published. */
  @Override
  public void close() {
    if (published != null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Being discarded anyway.
    }
    TempFiles.delete(temp);
  }
}
