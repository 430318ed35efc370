package vpo.schedule;

import java.util.List;

/**
 * Whether the service manager took in a change of the installed files (started or stopped the
 * schedule), and if not, why and what the user runs to finish it.
 *
 * @param done the service manager now runs the schedule (enable) or no longer does (disable), or
 *     had nothing to do
 * @param reason why it could not be told, in one line (e.g. {@code Failed to connect to bus: No
 *     medium found}); null when done
 * @param commands shell commands that finish the change by hand; empty when done
 */
public record Activation(boolean done, String reason, List<String> commands) {
  public Activation {
    commands = List.copyOf(commands);
  }

  static Activation completed() {
    return new Activation(true, null, List.of());
  }

  static Activation pending(String reason, List<String> commands) {
    return new Activation(false, reason, commands);
  }
}
