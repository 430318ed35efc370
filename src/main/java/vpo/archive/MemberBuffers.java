package vpo.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * The byte arrays the parallel gzip reader cuts members into and inflates them into. They are
 * counted, so the reader can keep everything it holds within a budget, and kept for reuse, so that
 * reading a long run of similar members allocates nothing after the first few: the heap then has no
 * reason to grow. Used by the reading thread only.
 *
 * <p>An array asked for {@code n} bytes is at most {@link #largest(long) largest(n)} long, and
 * {@link #held()} (arrays in use plus arrays kept) never exceeds the budget unless the arrays in
 * use alone do. Keeping the arrays in use within the budget is the caller's part.
 */
final class MemberBuffers {
  /** Arrays up to this size are kept for reuse; larger ones (vpo never writes such members) not. */
  static final int KEPT_MAX = 8 << 20;

  /** New arrays that may be kept are rounded up to a multiple of this. */
  private static final int GRANULE = 256 << 10;

  /** A kept array serves any request it exceeds by at most this much beyond rounding. */
  private static final int SLACK = 1 << 20;

  private static final byte[] EMPTY = new byte[0];

  private final long budget;
  private final List<byte[]> kept = new ArrayList<>();
  private long inUse;
  private long keptBytes;
  private long peak;

  MemberBuffers(long budget) {
    this.budget = budget;
  }

  /**
   * The longest array {@link #take take(n)} can return: {@code n} itself above {@link #KEPT_MAX},
   * else at most {@link #SLACK} more than {@code n} rounded up, and never more than {@link
   * #KEPT_MAX}.
   */
  static long largest(long n) {
    if (n == 0) {
      return 0;
    }
    if (n > KEPT_MAX) {
      return n;
    }
    return Math.min(KEPT_MAX, roundUp(n) + SLACK);
  }

  /** An array of at least {@code n} bytes, counted as in use until given back. */
  byte[] take(int n) {
    if (n == 0) {
      return EMPTY;
    }
    if (n <= KEPT_MAX) {
      byte[] reused = takeKept(n);
      if (reused != null) {
        inUse += reused.length;
        return reused;
      }
    }
    int size = n <= KEPT_MAX ? (int) roundUp(n) : n;
    // Kept arrays make room for a new one before the budget is exceeded.
    while (!kept.isEmpty() && inUse + keptBytes + size > budget) {
      dropLargestKept();
    }
    byte[] fresh = new byte[size];
    inUse += size;
    peak = Math.max(peak, held());
    return fresh;
  }

  /** Takes back an array from {@link #take}; the caller no longer uses it. */
  void give(byte[] array) {
    if (array.length == 0) {
      return;
    }
    inUse -= array.length;
    if (array.length <= KEPT_MAX) {
      kept.add(array);
      keptBytes += array.length;
    }
  }

  /** Bytes of arrays in use. */
  long inUse() {
    return inUse;
  }

  /** Bytes of arrays in use and kept for reuse. */
  long held() {
    return inUse + keptBytes;
  }

  /** The most {@link #held()} has ever been. */
  long peakHeld() {
    return peak;
  }

  /** Forgets every array, in use or kept: after a failure or close nothing is reused. */
  void clear() {
    kept.clear();
    keptBytes = 0;
    inUse = 0;
  }

  /** The smallest kept array that fits {@code n} without wasting more than the slack. */
  private byte[] takeKept(int n) {
    long most = roundUp(n) + SLACK;
    int best = -1;
    for (int i = 0; i < kept.size(); i++) {
      int length = kept.get(i).length;
      if (length >= n && length <= most && (best < 0 || length < kept.get(best).length)) {
        best = i;
      }
    }
    if (best < 0) {
      return null;
    }
    byte[] found = removeKept(best);
    return found;
  }

  private void dropLargestKept() {
    int largest = 0;
    for (int i = 1; i < kept.size(); i++) {
      if (kept.get(i).length > kept.get(largest).length) {
        largest = i;
      }
    }
    removeKept(largest);
  }

  private byte[] removeKept(int index) {
    byte[] array = kept.get(index);
    kept.set(index, kept.get(kept.size() - 1));
    kept.remove(kept.size() - 1);
    keptBytes -= array.length;
    return array;
  }

  private static long roundUp(long n) {
    return (n + GRANULE - 1) / GRANULE * GRANULE;
  }
}
