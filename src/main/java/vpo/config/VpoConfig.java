package vpo.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings vpo reads from {@code config.toml}. Only the keys vpo uses are read; every other
 * key, including whole sections the Python VPO writes, is ignored.
 *
 * @param databasePath {@code database_path}, as written (not yet resolved)
 * @param backupDirectory {@code [backup] directory}, as written
 * @param keepLast {@code [backup] keep_last} and the other retention defaults
 * @param logFile {@code [logging] file}, as written
 * @param logLevel {@code [logging] level}
 * @param logJson {@code [logging] format = "json"}
 */
public record VpoConfig(
    Optional<String> databasePath,
    Optional<String> backupDirectory,
    OptionalInt keepLast,
    OptionalInt keepDaily,
    OptionalInt keepWeekly,
    OptionalInt keepMonthly,
    Optional<String> logFile,
    Optional<String> logLevel,
    boolean logJson) {

  public static final VpoConfig EMPTY =
      new VpoConfig(
          Optional.empty(),
          Optional.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          false);

  /** Reads {@code file}; a missing file is an empty config. */
  public static VpoConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return EMPTY;
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read config file " + file + ": " + e.getMessage(),
          "check the file's permissions, or point --config at another file",
          e);
    }
    return parse(text, file);
  }

  static VpoConfig parse(String text, Path file) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String line = where != null && where.getLineNr() > 0 ? ":" + where.getLineNr() : "";
      throw new ConfigException(
          "config file " + file + line + " is not valid TOML: " + e.getOriginalMessage(),
          "fix that line, or move the file aside to start from defaults",
          e);
    }
    if (root == null || !root.isObject()) {
      return EMPTY;
    }
    JsonNode backup = root.path("backup");
    JsonNode logging = root.path("logging");
    return new VpoConfig(
        text(root, "database_path", file),
        text(backup, "directory", file),
        count(backup, "keep_last", file),
        count(backup, "keep_daily", file),
        count(backup, "keep_weekly", file),
        count(backup, "keep_monthly", file),
        text(logging, "file", file),
        text(logging, "level", file),
        text(logging, "format", file).map("json"::equalsIgnoreCase).orElse(false));
  }

  private static Optional<String> text(JsonNode section, String key, Path file) {
    JsonNode value = section.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(file, key, "a string");
    }
    return value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
  }

  private static OptionalInt count(JsonNode section, String key, Path file) {
    JsonNode value = section.get(key);
    if (value == null || value.isNull()) {
      return OptionalInt.empty();
    }
    if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > Integer.MAX_VALUE) {
      throw wrongType(file, key, "a whole number of 0 or more");
    }
    return OptionalInt.of(value.asInt());
  }

  private static ConfigException wrongType(Path file, String key, String expected) {
    return new ConfigException(
        "config file " + file + ": " + key + " must be " + expected,
        "fix the value of " + key + " in " + file,
        null);
  }
}
