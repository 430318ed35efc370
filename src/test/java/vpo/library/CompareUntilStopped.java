package vpo.library;

import java.nio.file.Path;

/**
 * A child process for {@link LibraryDiffInterruptTest}: compares two libraries over and over, and
 * says "ready" once the first comparison is done.
 */
public final class CompareUntilStopped {
  private CompareUntilStopped() {}

  public static void main(String[] args) {
    Path replaced = Path.of(args[0]);
    Path restored = Path.of(args[1]);
    LibraryDiff.compare(replaced, restored, 5);
    System.out.println("ready");
    System.out.flush();
    while (true) {
      LibraryDiff.compare(replaced, restored, 5);
    }
  }
}
