package vpo.location;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A child process for {@link S3ClientNotLoadedTest}: everything a local backup, listing, restore
 * and prune do with a location, plus reading S3 location strings, and nothing else.
 *
 * <p>Argument: a directory.
 */
public final class LocalOnlyMain {
  private LocalOnlyMain() {}

  public static void main(String[] args) throws Exception {
    Path cwd = Path.of(args[0]);
    LocationUri.Target s3 = LocationUri.parseDestination("s3://bkt/vpo/x.tar.gz", cwd);
    LocationUri.Target local = LocationUri.parseDestination(args[0] + "/backups/", cwd);
    try (BackupLocation location =
        BackupLocation.open(
            local.location(),
            () -> {
              throw new AssertionError("S3 settings asked for a local location");
            })) {
      location.cleanStale();
      try (Upload u = location.createAutoNamed(n -> "vpo-library-" + n + ".tar.gz")) {
        OutputStream body = u.body(3);
        body.write(new byte[] {4, 5, 6});
        u.head(new byte[] {1, 2, 3});
        u.commit();
      }
      for (StoredObject o : location.list()) {
        location.readRange(o.name(), 0, 65536).readAllBytes();
        location.read(o.name()).readAllBytes();
        location.delete(o.name());
      }
    }
    System.out.println("DONE " + s3.location().display());
  }
}
