package vpo.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comments vpo writes into every file it installs: a line that says vpo wrote it (so {@code
 * disable} removes only vpo's files) and, in the file that holds the schedule, the whole {@link
 * ScheduledBackup} as one line of JSON, which {@code status} reads back. One file is then the only
 * record of what is installed: there is no second file to disagree with it.
 */
final class ScheduleMarker {
  static final String WRITTEN_BY =
      "Written by vpo (vpo library schedule enable); remove it with: vpo library schedule disable";
  static final String PREFIX = "vpo-schedule: ";
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScheduleMarker() {}

  /** Whether {@code text}, a file's content, carries vpo's marker. */
  static boolean isOurs(String text) {
    return text.contains(WRITTEN_BY);
  }

  /** {@code backup} as one line of JSON (the job's withheld names are not part of it). */
  static String json(ScheduledBackup backup) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", VERSION);
    node.put("name", backup.name().id());
    node.put("library", backup.library().toString());
    node.put("data_dir", backup.dataDir().toString());
    node.put("every", backup.schedule().every().word());
    node.put("at", backup.schedule().atText());
    ArrayNode command = node.putArray("command");
    backup.job().command().forEach(command::add);
    ObjectNode environment = node.putObject("environment");
    backup.job().environment().forEach(environment::put);
    try {
      return JSON.writeValueAsString(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }

  /**
   * The schedule recorded in {@code text} (a unit file or plist), or empty when it holds none. A
   * marker that cannot be read is an error: the file is vpo's but damaged.
   */
  static Optional<ScheduledBackup> find(String text, Path file) {
    // Only a whole comment line counts: a library path in a Description may hold any text.
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("# " + PREFIX)) {
        return Optional.of(parse(line.substring(2 + PREFIX.length()), file));
      }
      if (line.startsWith("<!-- " + PREFIX) && line.endsWith(" -->")) {
        return Optional.of(parse(line.substring(5 + PREFIX.length(), line.length() - 4), file));
      }
    }
    return Optional.empty();
  }

  private static ScheduledBackup parse(String json, Path file) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node.path("version").asInt() != VERSION) {
        throw new IllegalArgumentException("unknown version " + node.path("version"));
      }
      List<String> command = new ArrayList<>();
      node.required("command").forEach(w -> command.add(text(w)));
      Map<String, String> environment = new LinkedHashMap<>();
      node.required("environment")
          .properties()
          .forEach(e -> environment.put(e.getKey(), text(e.getValue())));
      return new ScheduledBackup(
          new ScheduleName(text(node.required("name"))),
          Path.of(text(node.required("library"))),
          Path.of(text(node.required("data_dir"))),
          Schedule.parse(text(node.required("every")), text(node.required("at"))),
          new BackupJob(command, environment, List.of()));
    } catch (JacksonException | IllegalArgumentException | ScheduleException e) {
      throw damaged(file, e);
    }
  }

  private static String text(JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException("expected text, found " + node);
    }
    return node.asText();
  }

  private static ScheduleException damaged(Path file, Exception cause) {
    return new ScheduleException(
        "cannot read the schedule vpo wrote into " + file + ": " + cause.getMessage(),
        "run vpo library schedule enable again to rewrite it",
        cause);
  }
}
