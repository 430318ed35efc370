package vpo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupMetadataTest {
  private static final String SHA = "0123456789abcdef".repeat(4);

  private static final BackupMetadata FULL =
      new BackupMetadata(
          "0.1.0",
          27,
          Instant.parse("2026-02-05T14:30:22Z"),
          52_428_800,
          12_345,
          9_876_543_210L,
          "gzip",
          SHA,
          1,
          BackupKind.PRE_RESTORE,
          "*** in database main *** Page 7: btreeInitPage() returns error code 11");

  private static final String PYTHON_STYLE =
      """
      {"vpo_version": "0.9.3", "schema_version": 27, "created_at": "%s",
       "database_size_bytes": 1024, "file_count": 3, "total_library_size_bytes": 99,
       "compression": "gzip", "some_future_field": [1, 2, {"x": null}]}
      """;

  private static BackupMetadata parse(String json) {
    return BackupMetadata.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String python(String createdAt) {
    return PYTHON_STYLE.formatted(createdAt);
  }

  /** Python-style metadata with one field's JSON value replaced (or the field removed). */
  private static String withField(String field, String jsonValue) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    var node =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            mapper.readTree(python("2026-02-05T14:30:22Z"));
    if (jsonValue == null) {
      node.remove(field);
    } else {
      node.set(field, mapper.readTree(jsonValue));
    }
    return mapper.writeValueAsString(node);
  }

  @Test
  void roundTripsEveryField() {
    assertThat(BackupMetadata.parse(FULL.toJson())).isEqualTo(FULL);
  }

  @Test
  void writesSnakeCaseWithRequiredFieldsFirst() throws Exception {
    JsonNode json = new ObjectMapper().readTree(FULL.toJson());
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    assertThat(names)
        .containsExactly(
            "vpo_version",
            "schema_version",
            "created_at",
            "database_size_bytes",
            "file_count",
            "total_library_size_bytes",
            "compression",
            "database_sha256",
            "format_version",
            "kind",
            "quick_check");
    assertThat(json.get("created_at").textValue()).isEqualTo("2026-02-05T14:30:22Z");
    assertThat(json.get("schema_version").isInt()).isTrue();
    assertThat(json.get("total_library_size_bytes").longValue()).isEqualTo(9_876_543_210L);
  }

  @Test
  void leavesOutAbsentOptionalFields() throws Exception {
    BackupMetadata minimal =
        new BackupMetadata(
            "0.1.0",
            27,
            Instant.parse("2026-02-05T14:30:22Z"),
            0,
            0,
            0,
            "gzip",
            null,
            null,
            null,
            null);
    JsonNode json = new ObjectMapper().readTree(minimal.toJson());
    assertThat(json.size()).isEqualTo(7);
    assertThat(BackupMetadata.parse(minimal.toJson())).isEqualTo(minimal);
  }

  @Test
  void keepsWholeSeconds() {
    BackupMetadata withNanos =
        new BackupMetadata(
            "0.1.0",
            27,
            Instant.parse("2026-02-05T14:30:22.987Z"),
            0,
            0,
            0,
            "gzip",
            null,
            null,
            null,
            null);
    assertThat(withNanos.createdAt()).isEqualTo(Instant.parse("2026-02-05T14:30:22Z"));
    assertThat(BackupMetadata.parse(withNanos.toJson())).isEqualTo(withNanos);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-02-05T14:30:22Z, 2026-02-05T14:30:22Z",
    "2026-02-05T14:30:22.123456Z, 2026-02-05T14:30:22Z",
    "2026-02-05T14:30:22+00:00, 2026-02-05T14:30:22Z",
    "2026-02-05T14:30:22.5+00:00, 2026-02-05T14:30:22Z",
    "2026-02-05T16:30:22+02:00, 2026-02-05T14:30:22Z",
    "2026-02-05T14:30:22, 2026-02-05T14:30:22Z",
    "2026-02-05 14:30:22.000001+00:00, 2026-02-05T14:30:22Z",
  })
  void acceptsTheDateFormsPythonWrites(String written, String expected) {
    BackupMetadata metadata = parse(python(written));
    assertThat(metadata.createdAt()).isEqualTo(Instant.parse(expected));
    assertThat(metadata.vpoVersion()).isEqualTo("0.9.3");
    assertThat(metadata.databaseSha256()).isNull();
    assertThat(metadata.kind()).isNull();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "vpo_version | 1 | field 'vpo_version' must be a string",
        "vpo_version | null | field 'vpo_version' must be a string",
        "vpo_version | | lacks the required field 'vpo_version'",
        "schema_version | true | field 'schema_version' must be an integer",
        "schema_version | 27.0 | field 'schema_version' must be an integer",
        "schema_version | \"27\" | field 'schema_version' must be an integer",
        "schema_version | 0 | field 'schema_version' must be a positive integer",
        "schema_version | 4294967296 | field 'schema_version' must be a positive integer",
        "schema_version | | lacks the required field 'schema_version'",
        "created_at | 1770301822 | field 'created_at' must be a string",
        "created_at | \"yesterday\" | field 'created_at' is not a date and time",
        "created_at | \"2026-02-30T14:30:22Z\" | field 'created_at' is not a date and time",
        "created_at | | lacks the required field 'created_at'",
        "database_size_bytes | -1 | field 'database_size_bytes' must not be negative",
        "database_size_bytes | false | field 'database_size_bytes' must be an integer",
        "database_size_bytes | 1e3 | field 'database_size_bytes' must be an integer",
        "database_size_bytes | 99999999999999999999 | field 'database_size_bytes' is out of range",
        "database_size_bytes | | lacks the required field 'database_size_bytes'",
        "file_count | -5 | field 'file_count' must not be negative",
        "file_count | 3.5 | field 'file_count' must be an integer",
        "file_count | | lacks the required field 'file_count'",
        "total_library_size_bytes | -1 | field 'total_library_size_bytes' must not be negative",
        "total_library_size_bytes | [] | field 'total_library_size_bytes' must be an integer",
        "total_library_size_bytes | | lacks the required field 'total_library_size_bytes'",
        "compression | {} | field 'compression' must be a string",
        "compression | | lacks the required field 'compression'",
        "database_sha256 | 12 | field 'database_sha256' must be a string",
        "database_sha256 | \"ABC\" | field 'database_sha256' must be 64 lowercase hex digits",
        "format_version | \"1\" | field 'format_version' must be an integer",
        "format_version | 1.0 | field 'format_version' must be an integer",
        "format_version | 2 | field 'format_version' is 2; this vpo reads format 1",
        "kind | \"nightly\" | field 'kind' must be backup, pre-restore or pre-migration",
        "kind | true | field 'kind' must be a string",
        "quick_check | 0 | field 'quick_check' must be a string",
      })
  void refusesEachBrokenField(String field, String value, String message) throws Exception {
    String json = withField(field, value);
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ArchiveInvalidException.class)
        .hasMessageStartingWith("backup metadata ")
        .hasMessageContaining(message);
  }

  @Test
  void treatsNullOptionalFieldsAsAbsent() throws Exception {
    BackupMetadata metadata = parse(withField("quick_check", "null"));
    assertThat(metadata.quickCheck()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[] | is not a JSON object",
        "\"text\" | is not a JSON object",
        "'' | is not a JSON object",
        "{\"vpo_version\": | is not valid JSON",
        "{} {} | is not valid JSON",
        "{\"vpo_version\": \"a\", \"vpo_version\": \"b\"} | is not valid JSON",
      })
  void refusesWhatIsNotOneJsonObject(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ArchiveInvalidException.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain("\n");
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] latin1 =
        python("2026-02-05T14:30:22Z")
            .replace("0.9.3", "\u00e9")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> BackupMetadata.parse(latin1))
        .isInstanceOf(ArchiveInvalidException.class)
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void refusesInvalidValuesWhenBuilt() {
    Instant now = Instant.now();
    assertThatThrownBy(
            () -> new BackupMetadata("v", 0, now, 0, 0, 0, "gzip", null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new BackupMetadata("v", 1, now, -1, 0, 0, "gzip", null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new BackupMetadata("v", 1, now, 0, 0, 0, "gzip", "XYZ", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    // A kind other than the three is not representable: BackupMetadata.kind is a BackupKind.
  }
}
