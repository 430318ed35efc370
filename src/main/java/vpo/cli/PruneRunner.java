package vpo.cli;

/** Applies the configured retention; filled in with {@code library backups prune}. */
final class PruneRunner {
  private final Session session;
  private final boolean json;

  PruneRunner(Session session, boolean json) {
    this.session = session;
    this.json = json;
  }

  void afterBackup() {
    session.warn("--prune is not available yet; no archives were deleted");
  }

  boolean json() {
    return json;
  }
}
