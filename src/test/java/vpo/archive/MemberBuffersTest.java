package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemberBuffersTest {
  private static final int MIB = 1 << 20;

  @Test
  void anArrayGivenBackServesTheNextRequestOfAboutItsSize() {
    MemberBuffers buffers = new MemberBuffers(96L * MIB);
    byte[] block = buffers.take(4 * MIB);
    buffers.give(block);
    assertThat(buffers.take(4 * MIB)).isSameAs(block);
    buffers.give(block);
    assertThat(buffers.take(3 * MIB + 1)).as("within the slack").isSameAs(block);
    buffers.give(block);
    assertThat(buffers.take(MIB)).as("too wasteful").isNotSameAs(block);
    assertThat(buffers.inUse()).isEqualTo(MIB);
    assertThat(buffers.held()).isEqualTo(5L * MIB);
  }

  @Test
  void arraysLargerThanVpoWritesAreNotKept() {
    MemberBuffers buffers = new MemberBuffers(96L * MIB);
    byte[] huge = buffers.take(MemberBuffers.KEPT_MAX + 1);
    assertThat(huge).hasSize(MemberBuffers.KEPT_MAX + 1);
    buffers.give(huge);
    assertThat(buffers.held()).isZero();
  }

  @Test
  void keptArraysMakeRoomSoTheBudgetHolds() {
    MemberBuffers buffers = new MemberBuffers(10L * MIB);
    byte[] a = buffers.take(4 * MIB);
    byte[] b = buffers.take(4 * MIB);
    buffers.give(a);
    buffers.give(b);
    buffers.take(6 * MIB);
    assertThat(buffers.held()).isLessThanOrEqualTo(10L * MIB);
    assertThat(buffers.peakHeld()).isLessThanOrEqualTo(10L * MIB);
  }

  @Test
  void anArrayIsNeverLongerThanLargestSays() {
    MemberBuffers buffers = new MemberBuffers(1L << 40);
    int[] sizes = {1, 1000, MIB - 1, MIB + 1, 3 * MIB, 4 * MIB, 5 * MIB / 2, 8 * MIB, 9 * MIB};
    for (int round = 0; round < 2; round++) {
      for (int n : sizes) {
        byte[] array = buffers.take(n);
        assertThat((long) array.length)
            .as("take(%d)", n)
            .isBetween((long) n, MemberBuffers.largest(n));
        buffers.give(array);
      }
    }
    assertThat(buffers.take(0)).isEmpty();
  }

  @Test
  void aMemberOfTheLargestAllowedSizeFitsTheReadersBudgetAlone() {
    long largestMember =
        MemberBuffers.largest(GzipFormat.MAX_MEMBER_LENGTH - GzipFormat.VPO_HEADER_LENGTH)
            + MemberBuffers.largest(GzipFormat.MAX_BLOCK_SIZE);
    assertThat(largestMember).isLessThanOrEqualTo(StrictGzipInputStream.BUFFER_BUDGET);
  }
}
