package vpo.cli;

import java.util.List;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.ParameterException;
import vpo.VpoException;
import vpo.archive.ArchiveInvalidException;
import vpo.catalog.CatalogException;
import vpo.config.ConfigException;
import vpo.crypto.DecryptionException;
import vpo.crypto.InvalidRecipientException;
import vpo.crypto.KeyFileException;
import vpo.crypto.NoIdentityMatchesException;
import vpo.fs.InsufficientSpaceException;
import vpo.home.DataDirectoryException;
import vpo.library.LibraryDamagedException;
import vpo.library.LibraryLockedException;
import vpo.library.LibraryNotFoundException;
import vpo.library.NotALibraryException;
import vpo.library.SchemaIncompatibleException;
import vpo.location.InvalidLocationException;
import vpo.location.LocationUnavailableException;
import vpo.schedule.ScheduleException;

/** The one mapping from failures to exit codes and JSON error codes (PRODUCT.md section 4). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int INVALID_ARCHIVE = 3;
  public static final int LOCKED = 4;
  public static final int NO_SPACE = 5;
  public static final int SCHEMA = 6;
  public static final int LOCATION = 7;
  public static final int INTERRUPTED = 130;

  /** An exit code with the {@code error_code} that names it in JSON. */
  public record Code(int exit, String errorCode) {}

  /** A kind of failure and its code; the first entry whose kind matches wins. */
  private record Rule(Class<? extends Throwable> kind, Code code) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(ParameterException.class, new Code(USAGE, "usage_error")),
          new Rule(UsageException.class, new Code(USAGE, "usage_error")),
          new Rule(ArchiveInvalidException.class, new Code(INVALID_ARCHIVE, "invalid_archive")),
          new Rule(NoIdentityMatchesException.class, new Code(INVALID_ARCHIVE, "cannot_decrypt")),
          new Rule(DecryptionException.class, new Code(INVALID_ARCHIVE, "invalid_archive")),
          new Rule(InvalidRecipientException.class, new Code(USAGE, "usage_error")),
          new Rule(KeyFileException.class, new Code(FAILURE, "key_file_error")),
          new Rule(LibraryLockedException.class, new Code(LOCKED, "database_locked")),
          new Rule(InsufficientSpaceException.class, new Code(NO_SPACE, "insufficient_space")),
          new Rule(SchemaIncompatibleException.class, new Code(SCHEMA, "schema_incompatible")),
          new Rule(LocationUnavailableException.class, new Code(LOCATION, "location_unavailable")),
          new Rule(InvalidLocationException.class, new Code(USAGE, "usage_error")),
          new Rule(DeclinedException.class, new Code(FAILURE, "declined")),
          new Rule(InterruptedException.class, new Code(INTERRUPTED, "interrupted")),
          new Rule(CancellationException.class, new Code(INTERRUPTED, "interrupted")),
          new Rule(LibraryNotFoundException.class, new Code(FAILURE, "library_not_found")),
          new Rule(NotALibraryException.class, new Code(FAILURE, "not_a_library")),
          new Rule(LibraryDamagedException.class, new Code(FAILURE, "library_damaged")),
          new Rule(ConfigException.class, new Code(FAILURE, "config_error")),
          new Rule(DataDirectoryException.class, new Code(FAILURE, "data_dir_error")),
          new Rule(ScheduleException.class, new Code(FAILURE, "schedule_error")),
          new Rule(VpoException.class, new Code(FAILURE, "failed")));

  private static final Code INTERNAL = new Code(FAILURE, "internal_error");

  private ExitCodes() {}

  public static Code of(Throwable e) {
    if (e instanceof CatalogException c) {
      return new Code(
          FAILURE,
          c.action() == CatalogException.Action.LISTING ? "listing_failed" : "prune_failed");
    }
    for (Rule rule : RULES) {
      if (rule.kind().isInstance(e)) {
        return rule.code();
      }
    }
    return INTERNAL;
  }
}
