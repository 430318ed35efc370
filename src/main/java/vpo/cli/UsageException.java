package vpo.cli;

import vpo.VpoException;

/**
 * A command line that cannot work as given, found after parsing (an archive to a terminal, a
 * terminal for an archive): exit 2, one line, no usage text.
 */
final class UsageException extends VpoException {
  UsageException(String message, String hint) {
    super(message, hint);
  }
}
