package vpo.cli;

import java.util.concurrent.CancellationException;
import picocli.CommandLine.ParameterException;
import vpo.archive.ArchiveInvalidException;
import vpo.fs.InsufficientSpaceException;
import vpo.library.LibraryLockedException;
import vpo.library.SchemaIncompatibleException;

/** The one mapping from failures to exit codes and JSON error codes (PRODUCT.md section 4). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int INVALID_ARCHIVE = 3;
  public static final int LOCKED = 4;
  public static final int NO_SPACE = 5;
  public static final int SCHEMA = 6;
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** An exit code with the {@code error_code} that names it in JSON. */
  public record Code(int exit, String errorCode) {}

  public static Code of(Throwable e) {
    if (e instanceof ParameterException) {
      return new Code(USAGE, "usage_error");
    }
    if (e instanceof ArchiveInvalidException) {
      return new Code(INVALID_ARCHIVE, "invalid_archive");
    }
    if (e instanceof LibraryLockedException) {
      return new Code(LOCKED, "database_locked");
    }
    if (e instanceof InsufficientSpaceException) {
      return new Code(NO_SPACE, "insufficient_space");
    }
    if (e instanceof SchemaIncompatibleException) {
      return new Code(SCHEMA, "schema_incompatible");
    }
    if (e instanceof DeclinedException) {
      return new Code(FAILURE, "declined");
    }
    if (e instanceof InterruptedException || e instanceof CancellationException) {
      return new Code(INTERRUPTED, "interrupted");
    }
    if (e instanceof vpo.library.LibraryNotFoundException) {
      return new Code(FAILURE, "library_not_found");
    }
    if (e instanceof vpo.library.LibraryDamagedException) {
      return new Code(FAILURE, "library_damaged");
    }
    if (e instanceof vpo.config.ConfigException) {
      return new Code(FAILURE, "config_error");
    }
    if (e instanceof vpo.VpoException) {
      return new Code(FAILURE, "failed");
    }
    return new Code(FAILURE, "internal_error");
  }
}
