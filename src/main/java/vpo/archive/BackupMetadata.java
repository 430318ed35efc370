package vpo.archive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code backup_metadata.json} entry of a backup archive (ARCHIVE-FORMAT.md, "Metadata"). The
 * first seven fields are the ones the Python VPO requires; the last four are vpo's additions and
 * may be null. {@code createdAt} is kept to whole seconds, as it is written.
 *
 * @param vpoVersion version of the program that wrote the backup (required in an archive; null for
 *     a {@linkplain #ofDatabaseCopy database copy}, which no archive writer made)
 * @param schemaVersion library schema version at backup time, at least 1
 * @param createdAt when the backup started
 * @param databaseSizeBytes size of the {@code library.db} entry
 * @param fileCount rows in {@code files} at backup time
 * @param totalLibrarySizeBytes sum of {@code files.size_bytes}
 * @param compression {@code "gzip"}
 * @param databaseSha256 lowercase hex SHA-256 of the {@code library.db} entry, or null
 * @param formatVersion archive format, {@code 1}, or null
 * @param kind why the archive was made, or null when the metadata does not say
 * @param libraryId the identity of the library archived (its {@code _meta} {@code library_id}), or
 *     null: archives without it are the Python VPO's and older vpo's
 * @param libraryPath where that library was when archived, for people (an id says nothing to them),
 *     or null
 * @param quickCheck first line of a failed {@code PRAGMA quick_check} of a library archived with
 *     {@code --force}, or null
 */
public record BackupMetadata(
    String vpoVersion,
    int schemaVersion,
    Instant createdAt,
    long databaseSizeBytes,
    long fileCount,
    long totalLibrarySizeBytes,
    String compression,
    String databaseSha256,
    Integer formatVersion,
    BackupKind kind,
    String quickCheck,
    String libraryId,
    String libraryPath) {

  /** Metadata that says nothing of the library it came from (older vpo's and tests'). */
  public BackupMetadata(
      String vpoVersion,
      int schemaVersion,
      Instant createdAt,
      long databaseSizeBytes,
      long fileCount,
      long totalLibrarySizeBytes,
      String compression,
      String databaseSha256,
      Integer formatVersion,
      BackupKind kind,
      String quickCheck) {
    this(
        vpoVersion,
        schemaVersion,
        createdAt,
        databaseSizeBytes,
        fileCount,
        totalLibrarySizeBytes,
        compression,
        databaseSha256,
        formatVersion,
        kind,
        quickCheck,
        null,
        null);
  }

  public static final String COMPRESSION_GZIP = "gzip";

  /** The compression of a database copy: none, it is the library file itself. */
  public static final String COMPRESSION_NONE = "none";

  /**
   * What a safety copy kept as a plain database file says of itself, read from the database: no vpo
   * version, checksum or format version, as no archive was written.
   */
  public static BackupMetadata ofDatabaseCopy(
      int schemaVersion,
      Instant createdAt,
      long databaseSizeBytes,
      long fileCount,
      long totalLibrarySizeBytes,
      BackupKind kind,
      String libraryId) {
    return new BackupMetadata(
        null,
        schemaVersion,
        createdAt,
        databaseSizeBytes,
        fileCount,
        totalLibrarySizeBytes,
        COMPRESSION_NONE,
        null,
        null,
        kind,
        null,
        libraryId,
        null);
  }

  /** Whether this describes a database copy rather than an archive. */
  public boolean isDatabaseCopy() {
    return COMPRESSION_NONE.equals(compression);
  }

  public static final int FORMAT_VERSION = 1;
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private static final DateTimeFormatter CREATED_AT_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  // Duplicate keys are refused: two readers could otherwise each believe a different value.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public BackupMetadata {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(compression, "compression");
    createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be at least 1: " + schemaVersion);
    }
    if (databaseSizeBytes < 0 || fileCount < 0 || totalLibrarySizeBytes < 0) {
      throw new IllegalArgumentException("sizes and counts must not be negative");
    }
    if (databaseSha256 != null && !SHA256_HEX.matcher(databaseSha256).matches()) {
      throw new IllegalArgumentException("databaseSha256 must be 64 lowercase hex digits");
    }
    if (formatVersion != null && formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException("formatVersion must be " + FORMAT_VERSION);
    }
  }

  /** UTF-8 JSON, pretty-printed, required fields first, absent optional fields left out. */
  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("vpo_version", vpoVersion);
    node.put("schema_version", schemaVersion);
    node.put("created_at", CREATED_AT_FORMAT.format(createdAt));
    node.put("database_size_bytes", databaseSizeBytes);
    node.put("file_count", fileCount);
    node.put("total_library_size_bytes", totalLibrarySizeBytes);
    node.put("compression", compression);
    if (databaseSha256 != null) {
      node.put("database_sha256", databaseSha256);
    }
    if (formatVersion != null) {
      node.put("format_version", formatVersion);
    }
    if (kind != null) {
      node.put("kind", kind.label());
    }
    if (quickCheck != null) {
      node.put("quick_check", quickCheck);
    }
    if (libraryId != null) {
      node.put("library_id", libraryId);
    }
    if (libraryPath != null) {
      node.put("library_path", libraryPath);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /**
   * Parses and checks metadata as the format requires: an object with every required field, each of
   * its exact JSON type (a boolean or {@code 27.0} is not an integer), no negative size or count, a
   * readable {@code created_at}, and vpo's optional fields valid when present (a JSON {@code null}
   * counts as absent). Unknown fields are ignored.
   *
   * <p>{@code created_at} is read liberally, since the Python VPO may write it with {@code
   * isoformat()}: {@code Z} or any offset, optional fractional seconds, {@code T} or a space, and
   * no offset at all meaning UTC.
   *
   * @throws ArchiveInvalidException naming the first field that is wrong
   */
  public static BackupMetadata parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw invalid("is not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
    } catch (IOException e) {
      throw invalid("is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw invalid("is not a JSON object");
    }
    String vpoVersion = requiredString(root, "vpo_version");
    long schemaVersion = requiredInteger(root, "schema_version");
    if (schemaVersion < 1 || schemaVersion > Integer.MAX_VALUE) {
      throw invalid("field 'schema_version' must be a positive integer, got " + schemaVersion);
    }
    String createdAtText = requiredString(root, "created_at");
    Instant createdAt = parseCreatedAt(createdAtText);
    long databaseSize = requiredCount(root, "database_size_bytes");
    long fileCount = requiredCount(root, "file_count");
    long totalLibrarySize = requiredCount(root, "total_library_size_bytes");
    String compression = requiredString(root, "compression");

    String sha256 = optionalString(root, "database_sha256");
    if (sha256 != null && !SHA256_HEX.matcher(sha256).matches()) {
      throw invalid("field 'database_sha256' must be 64 lowercase hex digits");
    }
    Long formatVersion = optionalInteger(root, "format_version");
    if (formatVersion != null && formatVersion != FORMAT_VERSION) {
      throw invalid(
          "field 'format_version' is "
              + formatVersion
              + "; this vpo reads format "
              + FORMAT_VERSION);
    }
    String kindLabel = optionalString(root, "kind");
    BackupKind kind = kindLabel == null ? null : BackupKind.fromLabel(kindLabel);
    if (kindLabel != null && kind == null) {
      throw invalid("field 'kind' must be " + BackupKind.labels() + ", got " + describe(kindLabel));
    }
    String quickCheck = optionalString(root, "quick_check");
    String libraryId = optionalString(root, "library_id");
    String libraryPath = optionalString(root, "library_path");
    return new BackupMetadata(
        vpoVersion,
        (int) schemaVersion,
        createdAt,
        databaseSize,
        fileCount,
        totalLibrarySize,
        compression,
        sha256,
        formatVersion == null ? null : FORMAT_VERSION,
        kind,
        quickCheck,
        libraryId,
        libraryPath);
  }

  private static Instant parseCreatedAt(String text) {
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    try {
      return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException withOffset) {
      try {
        return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException withoutOffset) {
        throw invalid("field 'created_at' is not a date and time: " + describe(text));
      }
    }
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null) {
      throw invalid("lacks the required field '" + field + "'");
    }
    return value;
  }

  private static String requiredString(JsonNode root, String field) {
    JsonNode value = required(root, field);
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    return value.textValue();
  }

  private static long requiredInteger(JsonNode root, String field) {
    JsonNode value = required(root, field);
    // isIntegralNumber is false for 27.0 and for booleans: neither is a JSON integer to Python.
    if (!value.isIntegralNumber()) {
      throw wrongType(field, "an integer", value);
    }
    if (!value.canConvertToLong()) {
      throw invalid("field '" + field + "' is out of range: " + describe(value.toString()));
    }
    return value.longValue();
  }

  private static long requiredCount(JsonNode root, String field) {
    long value = requiredInteger(root, field);
    if (value < 0) {
      throw invalid("field '" + field + "' must not be negative, got " + value);
    }
    return value;
  }

  private static String optionalString(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    return value.textValue();
  }

  private static Long optionalInteger(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return requiredInteger(root, field);
  }

  private static ArchiveInvalidException wrongType(String field, String type, JsonNode value) {
    return invalid("field '" + field + "' must be " + type + ", got " + describe(value.toString()));
  }

  private static ArchiveInvalidException invalid(String problem) {
    return new ArchiveInvalidException("backup metadata " + problem);
  }

  /** A value quoted into a one-line message, shortened and without control characters. */
  private static String describe(String value) {
    String clean = oneLine(value);
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").trim();
  }
}
