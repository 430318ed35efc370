package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.schedule.ScheduleFixtures.AWKWARD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpo.testing.ChildProcesses;
import vpo.testing.Python;

/**
 * The launchd agent is a valid XML property list, read by Python's {@code plistlib} (the reader
 * closest to launchd's available here), and every value in it reads back exactly.
 */
class LaunchdAgentTest {
  @TempDir Path tmp;

  private static final String READ_PLIST =
      """
      import json, plistlib, sys
      with open(sys.argv[1], 'rb') as f:
          p = plistlib.load(f)
      print(json.dumps(p, ensure_ascii=True))
      """;

  private JsonNode readWithPlistlib(Path plist) throws Exception {
    ChildProcesses.Output o;
    try (ChildProcesses p = new ChildProcesses()) {
      o = p.run(60, Python.command(READ_PLIST, plist.toString()));
    }
    assertThat(o.exitCode()).as("%s", o).isZero();
    return new ObjectMapper().readTree(o.out());
  }

  private ScheduledBackup backup(Schedule s) throws Exception {
    Path program = ScheduleFixtures.argumentPrinter(tmp.resolve(AWKWARD), "vpo");
    return ScheduleFixtures.backup(
        tmp.resolve("home"),
        tmp.resolve(AWKWARD).resolve("lib.db"),
        tmp.resolve("data <&>"),
        program,
        s);
  }

  @Test
  void everyValueReadsBackExactly() throws Exception {
    ScheduledBackup b = backup(Schedule.parse("weekly", "Sun 04:05"));
    Path plist = ScheduleFixtures.write(tmp.resolve(b.name().plistFile()), LaunchdAgent.plist(b));

    JsonNode p = readWithPlistlib(plist);

    assertThat(p.get("Label").asText()).isEqualTo(b.name().launchdLabel());
    List<String> arguments = new ArrayList<>();
    p.get("ProgramArguments").forEach(a -> arguments.add(a.asText()));
    assertThat(arguments).isEqualTo(b.job().command());
    Map<String, String> environment = new TreeMap<>();
    p.get("EnvironmentVariables")
        .properties()
        .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
    assertThat(environment)
        .isEqualTo(b.job().environment())
        .doesNotContainKey("AWS_SECRET_ACCESS_KEY");
    assertThat(p.get("StartCalendarInterval").toString())
        .isEqualTo("{\"Weekday\":0,\"Hour\":4,\"Minute\":5}");
    assertThat(p.get("StandardOutPath").asText()).isEqualTo(b.logFile().toString());
    assertThat(p.get("StandardErrorPath").asText()).isEqualTo(b.logFile().toString());
    assertThat(b.logFile().toString()).contains("data <&>/logs/");
    assertThat(p.get("RunAtLoad").asBoolean(true)).isFalse();
  }

  @Test
  void calendarIntervalOfEachFrequency() throws Exception {
    ScheduledBackup hourly = backup(Schedule.parse("hourly", ":15"));
    ScheduledBackup daily = backup(Schedule.parse("daily", "02:30"));

    assertThat(
            readWithPlistlib(
                    ScheduleFixtures.write(tmp.resolve("h.plist"), LaunchdAgent.plist(hourly)))
                .get("StartCalendarInterval")
                .toString())
        .isEqualTo("{\"Minute\":15}");
    assertThat(
            readWithPlistlib(
                    ScheduleFixtures.write(tmp.resolve("d.plist"), LaunchdAgent.plist(daily)))
                .get("StartCalendarInterval")
                .toString())
        .isEqualTo("{\"Hour\":2,\"Minute\":30}");
  }

  @Test
  void theMarkerCommentIsValidXmlAndReadsBack() throws Exception {
    ScheduledBackup b = backup(Schedule.parse("daily", null));
    String plist = LaunchdAgent.plist(b);

    // An XML comment cannot hold "--"; the job has plenty ("--db", "--if-changed", the path).
    String comments = plist.substring(0, plist.indexOf("<plist"));
    for (String comment : comments.split("<!--")) {
      if (comment.contains("-->")) {
        assertThat(comment.substring(0, comment.indexOf("-->"))).doesNotContain("--");
      }
    }
    ScheduledBackup read = ScheduleMarker.find(plist, Path.of("p")).orElseThrow();
    assertThat(read.job().command()).isEqualTo(b.job().command());
    assertThat(read.schedule()).isEqualTo(b.schedule());
    assertThat(read.library()).isEqualTo(b.library());
  }

  @Test
  void commentSafeJsonStaysTheSameJson() throws Exception {
    String json = "{\"a\":\"--x---y--\",\"b\":[\"-\",\"--\"]}";

    String safe = LaunchdAgent.commentSafe(json);

    assertThat(safe).doesNotContain("--");
    ObjectMapper m = new ObjectMapper();
    assertThat(m.readTree(safe)).isEqualTo(m.readTree(json));
  }
}
