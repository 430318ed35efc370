package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The gzip members of a stream, found by the tests themselves (reading, not building): each
 * member's header parsed by hand and its deflate data inflated with {@link Inflater} to find where
 * it ends, so tests can check the layout vpo's writer produces, or aim damage at a member's header
 * or trailer, without trusting vpo's reader.
 */
public final class GzipMembers {
  private GzipMembers() {}

  /**
   * A gzip member seen independently of the code under test: where it starts, its real length
   * (found by inflating), and its VP value (-1 without one).
   */
  public record Member(int start, int length, long recordedLength, int headerLength) {}

  /** The members of {@code gz}, in order; fails unless every one starts with the gzip magic. */
  public static List<Member> of(byte[] gz) {
    List<Member> members = new ArrayList<>();
    int at = 0;
    while (at < gz.length) {
      assertThat(gz[at] & 0xff).isEqualTo(0x1f);
      assertThat(gz[at + 1] & 0xff).isEqualTo(0x8b);
      int flags = gz[at + 3] & 0xff;
      int p = at + 10;
      long recorded = -1;
      if ((flags & 4) != 0) {
        int xlen = (gz[p] & 0xff) | (gz[p + 1] & 0xff) << 8;
        int q = p + 2;
        while (q < p + 2 + xlen) {
          int len = (gz[q + 2] & 0xff) | (gz[q + 3] & 0xff) << 8;
          if (gz[q] == 'V' && gz[q + 1] == 'P') {
            recorded =
                (gz[q + 4] & 0xffL)
                    | (gz[q + 5] & 0xffL) << 8
                    | (gz[q + 6] & 0xffL) << 16
                    | (gz[q + 7] & 0xffL) << 24;
          }
          q += 4 + len;
        }
        p += 2 + xlen;
      }
      if ((flags & 8) != 0) {
        while (gz[p++] != 0) {}
      }
      Inflater inflater = new Inflater(true);
      inflater.setInput(gz, p, gz.length - p);
      byte[] sink = new byte[64 << 10];
      try {
        while (!inflater.finished()) {
          inflater.inflate(sink);
        }
      } catch (DataFormatException e) {
        throw new AssertionError("member at " + at + " does not inflate", e);
      }
      int end = gz.length - inflater.getRemaining() + 8;
      inflater.end();
      members.add(new Member(at, end - at, recorded, p - at));
      at = end;
    }
    return members;
  }
}
