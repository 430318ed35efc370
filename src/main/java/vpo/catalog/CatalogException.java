package vpo.catalog;

import vpo.VpoException;

/** The backups a location holds cannot be listed, or one of them cannot be deleted. */
public final class CatalogException extends VpoException {
  /** What was being done. */
  public enum Action {
    LISTING,
    DELETING
  }

  private final Action action;

  public CatalogException(Action action, String message, String hint, Throwable cause) {
    super(message, hint, cause);
    this.action = action;
  }

  public CatalogException(Action action, String message, String hint) {
    this(action, message, hint, null);
  }

  public Action action() {
    return action;
  }
}
