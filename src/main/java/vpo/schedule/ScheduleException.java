package vpo.schedule;

import vpo.VpoException;

/** A schedule cannot be set up, read or removed as asked. */
public final class ScheduleException extends VpoException {
  public ScheduleException(String message, String hint) {
    super(message, hint);
  }

  public ScheduleException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
