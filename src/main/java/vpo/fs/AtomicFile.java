package vpo.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * A file that appears under its final name only when complete and durable: written to a temp name
 * beside the destination, flushed to disk, then published with one atomic directory operation, and
 * the directory flushed. Until {@link #commit} the final name is untouched; {@link #close} without
 * commit removes every trace.
 */
public final class AtomicFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final boolean replace;
  private boolean committed;

  private AtomicFile(Path target, Path temp, FileChannel channel, boolean replace) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.replace = replace;
  }

  /**
   * Starts a private (0600) file that will become {@code target}. With {@code replace} false,
   * {@link #commit} fails rather than overwrite a file that exists by then.
   */
  public static AtomicFile create(Path target, String purpose, boolean replace) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = TempFiles.allocate(dir, purpose);
    try {
      FileChannel channel =
          FileChannel.open(
              temp,
              EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PrivateFiles.fileAttributes());
      return new AtomicFile(target, temp, channel, replace);
    } catch (IOException | RuntimeException e) {
      TempFiles.release(temp);
      throw e;
    }
  }

  public Path target() {
    return target;
  }

  public Path tempPath() {
    return temp;
  }

  /** The stream to write the content to. Closing it does not commit. */
  public OutputStream outputStream() {
    return new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() {
        // The channel is closed by commit or close of the AtomicFile.
      }
    };
  }

  /** Flushes the content to disk and publishes it under the final name. */
  public void commit() throws IOException {
    channel.force(true);
    channel.close();
    PrivateFiles.restrict(temp);
    publish(temp, target, replace);
    committed = true;
    TempFiles.release(temp);
    syncDirectory(target.toAbsolutePath().getParent());
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
      Files.delete(from);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      // File systems without hard links: check, then rename. Not atomic against a rival
      // writer, but never replaces a file that existed before the check.
      if (Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(to.toString());
      }
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Makes a rename or creation in {@code dir} durable. Best effort where unsupported. */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open or flush a directory; the rename itself still happened.
    }
  }

  /** Removes the temp file unless committed. */
  @Override
  public void close() {
    if (committed) {
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
