package vpo.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * @param copyTo {@code [backup] copy_to}: locations every new backup is copied to
 * @param recipients {@code [backup] recipients}: age public keys backups are encrypted to
 * @param recipientsFile {@code [backup] recipients_file}, as written
 * @param identityFile {@code [backup] identity_file}, as written: the key that opens encrypted
 *     backups
 * @param s3 the {@code [s3]} section
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
    boolean logJson,
    List<String> copyTo,
    List<String> recipients,
    Optional<String> recipientsFile,
    Optional<String> identityFile,
    S3 s3) {

  /**
   * The {@code [s3]} section: how to reach S3-compatible stores (the AWS environment variables take
   * precedence, as in every AWS tool).
   */
  public record S3(
      Optional<String> endpoint,
      Optional<String> region,
      Optional<String> profile,
      Optional<Boolean> pathStyle) {
    public static final S3 NONE =
        new S3(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public VpoConfig {
    copyTo = List.copyOf(copyTo);
    recipients = List.copyOf(recipients);
  }

  /** The settings that existed before locations and encryption, the rest left unset. */
  public VpoConfig(
      Optional<String> databasePath,
      Optional<String> backupDirectory,
      OptionalInt keepLast,
      OptionalInt keepDaily,
      OptionalInt keepWeekly,
      OptionalInt keepMonthly,
      Optional<String> logFile,
      Optional<String> logLevel,
      boolean logJson) {
    this(
        databasePath,
        backupDirectory,
        keepLast,
        keepDaily,
        keepWeekly,
        keepMonthly,
        logFile,
        logLevel,
        logJson,
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        S3.NONE);
  }

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
    JsonNode s3 = root.path("s3");
    return new VpoConfig(
        text(root, "database_path", file),
        text(backup, "directory", file),
        count(backup, "keep_last", file),
        count(backup, "keep_daily", file),
        count(backup, "keep_weekly", file),
        count(backup, "keep_monthly", file),
        text(logging, "file", file),
        text(logging, "level", file),
        text(logging, "format", file).map("json"::equalsIgnoreCase).orElse(false),
        texts(backup, "copy_to", file),
        texts(backup, "recipients", file),
        text(backup, "recipients_file", file),
        text(backup, "identity_file", file),
        new S3(
            text(s3, "endpoint", file),
            text(s3, "region", file),
            text(s3, "profile", file),
            flag(s3, "path_style", file)));
  }

  /** A list of strings; a single string counts as a list of one. */
  private static List<String> texts(JsonNode section, String key, Path file) {
    JsonNode value = section.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return value.asText().isBlank() ? List.of() : List.of(value.asText());
    }
    if (!value.isArray()) {
      throw wrongType(file, key, "a list of strings");
    }
    List<String> all = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw wrongType(file, key, "a list of strings");
      }
      all.add(element.asText());
    }
    return all;
  }

  private static Optional<Boolean> flag(JsonNode section, String key, Path file) {
    JsonNode value = section.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw wrongType(file, key, "true or false");
    }
    return Optional.of(value.asBoolean());
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
