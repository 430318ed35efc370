package vpo.cli;

import java.util.ArrayList;
import java.util.List;
import vpo.location.BackupLocation;
import vpo.location.LocationUri;

/**
 * The backup locations a command opens, all closed when it ends. Opening one removes what killed
 * vpo processes left there (temp files, unfinished uploads) and says so on stderr, so whichever
 * command next uses a location cleans it up.
 */
final class OpenLocations implements AutoCloseable {
  private final Session session;
  private final List<BackupLocation> open = new ArrayList<>();

  OpenLocations(Session session) {
    this.session = session;
  }

  BackupLocation open(LocationUri uri) {
    BackupLocation location = session.home().openLocation(uri);
    open.add(location);
    location.cleanStale().forEach(done -> session.note("vpo: " + done));
    return location;
  }

  @Override
  public void close() {
    open.forEach(BackupLocation::close);
  }
}
