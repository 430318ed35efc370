package vpo.fs;

import java.util.LinkedHashMap;
import java.util.Map;
import vpo.VpoException;

/** The destination's file system has too little room for the work, or filled up during it. */
public final class InsufficientSpaceException extends VpoException {
  private final long neededBytes;
  private final long availableBytes;

  public InsufficientSpaceException(String message, long neededBytes, long availableBytes) {
    this(message, neededBytes, availableBytes, null);
  }

  public InsufficientSpaceException(
      String message, long neededBytes, long availableBytes, Throwable cause) {
    super(message, "free some space there, or choose another destination", cause);
    this.neededBytes = neededBytes;
    this.availableBytes = availableBytes;
  }

  /** Bytes the work needs, or -1 when the disk filled up during the work. */
  public long neededBytes() {
    return neededBytes;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    if (neededBytes >= 0) {
      details.put("needed_bytes", neededBytes);
    }
    if (availableBytes >= 0) {
      details.put("available_bytes", availableBytes);
    }
    return details;
  }

  /** Bytes that were free, or -1 when unknown. */
  public long availableBytes() {
    return availableBytes;
  }
}
