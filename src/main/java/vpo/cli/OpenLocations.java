package vpo.cli;

import java.util.ArrayList;
import java.util.List;
import vpo.location.BackupLocation;
import vpo.location.LocationUri;

/** The backup locations a command opens, all closed when it ends. */
final class OpenLocations implements AutoCloseable {
  private final Session session;
  private final List<BackupLocation> open = new ArrayList<>();

  OpenLocations(Session session) {
    this.session = session;
  }

  BackupLocation open(LocationUri uri) {
    BackupLocation location = session.home().openLocation(uri);
    open.add(location);
    return location;
  }

  @Override
  public void close() {
    open.forEach(BackupLocation::close);
  }
}
