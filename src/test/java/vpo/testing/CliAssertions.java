package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.regex.Pattern;

/** Checks every test makes of what a vpo run printed. */
public final class CliAssertions {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A frame of a Java stack trace, as printed by {@code printStackTrace}. */
  private static final Pattern FRAME = Pattern.compile("(?m)^\\s*at [\\w$.]+\\(.*\\)\\s*$");

  private CliAssertions() {}

  /** Standard output as exactly one JSON document, with nothing before or after it. */
  public static JsonNode json(TestHome.Result r) {
    assertThat(r.out()).as("stdout of %s", r).isNotBlank().endsWith("\n");
    try {
      return JSON.readTree(r.out());
    } catch (JsonProcessingException e) {
      throw new AssertionError("stdout is not exactly one JSON document: " + e + "\n" + r, e);
    }
  }

  /** The {@code Error:} lines on stderr. */
  public static List<String> errorLines(TestHome.Result r) {
    return r.err().lines().filter(l -> l.startsWith("Error:")).toList();
  }

  /** Neither stream shows a Java stack trace or an exception's class name. */
  public static void assertNoStackTrace(TestHome.Result r) {
    for (String stream : List.of(r.out(), r.err())) {
      assertThat(FRAME.matcher(stream).find()).as("stack frame in %s", r).isFalse();
      assertThat(stream)
          .as("output of %s", r)
          .doesNotContain("at vpo.")
          .doesNotContain("Exception");
    }
  }

  /**
   * A failure the user sees as text: the exit code, exactly one {@code Error:} line that says
   * {@code mentions}, nothing on stdout, no stack trace.
   */
  public static void assertTextError(TestHome.Result r, int exitCode, String... mentions) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
    List<String> errors = errorLines(r);
    assertThat(errors).as(r.toString()).hasSize(1);
    for (String m : mentions) {
      assertThat(errors.get(0)).as(r.toString()).contains(m);
    }
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertNoStackTrace(r);
  }

  /**
   * A failure under {@code --json}: the exit code, and on stdout only {@code {"success": false,
   * "error": ..., "error_code": ...}}; no {@code Error:} line on stderr, no stack trace.
   */
  public static JsonNode assertJsonError(TestHome.Result r, int exitCode, String errorCode) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
    JsonNode doc = json(r);
    assertThat(doc.isObject()).as(r.toString()).isTrue();
    assertThat(doc.get("success").isBoolean()).as(r.toString()).isTrue();
    assertThat(doc.get("success").booleanValue()).as(r.toString()).isFalse();
    assertThat(doc.get("error").isTextual()).as(r.toString()).isTrue();
    assertThat(doc.get("error").textValue()).as(r.toString()).isNotBlank().doesNotContain("\n");
    assertThat(doc.get("error_code").isTextual()).as(r.toString()).isTrue();
    assertThat(doc.get("error_code").textValue()).as(r.toString()).isEqualTo(errorCode);
    assertThat(errorLines(r)).as(r.toString()).isEmpty();
    assertNoStackTrace(r);
    return doc;
  }
}
