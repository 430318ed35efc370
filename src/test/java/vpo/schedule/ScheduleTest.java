package vpo.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;
import vpo.testing.ChildProcesses;

/** {@code --every} and {@code --at}, and the calendar expression each service manager gets. */
class ScheduleTest {

  @Test
  void defaults() {
    assertThat(Schedule.parse("hourly", null))
        .isEqualTo(new Schedule(Frequency.HOURLY, null, 0, 0));
    assertThat(Schedule.parse("daily", null)).isEqualTo(new Schedule(Frequency.DAILY, null, 3, 0));
    assertThat(Schedule.parse("weekly", null))
        .isEqualTo(new Schedule(Frequency.WEEKLY, DayOfWeek.MONDAY, 3, 0));
  }

  @Test
  void hourlyTakesTheMinute() {
    assertThat(Schedule.parse("hourly", ":15").minute()).isEqualTo(15);
    assertThat(Schedule.parse("HOURLY", "7").minute()).isEqualTo(7);
    assertThatThrownBy(() -> Schedule.parse("hourly", "02:15"))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("cannot read --at '02:15'")
        .extracting(e -> ((ScheduleException) e).hint())
        .asString()
        .contains("--at :15");
    assertThatThrownBy(() -> Schedule.parse("hourly", ":60")).isInstanceOf(ScheduleException.class);
  }

  @Test
  void dailyAndWeeklyTakeATimeAndWeeklyADay() {
    assertThat(Schedule.parse("daily", "2:05"))
        .isEqualTo(new Schedule(Frequency.DAILY, null, 2, 5));
    assertThat(Schedule.parse("weekly", "sunday 23:59"))
        .isEqualTo(new Schedule(Frequency.WEEKLY, DayOfWeek.SUNDAY, 23, 59));
    assertThat(Schedule.parse("weekly", "Fri 00:00").day()).isEqualTo(DayOfWeek.FRIDAY);
    for (String bad : List.of("24:00", "12:60", "noon", "Mon 12:00", ":30")) {
      assertThatThrownBy(() -> Schedule.parse("daily", bad)).isInstanceOf(ScheduleException.class);
    }
    assertThatThrownBy(() -> Schedule.parse("weekly", "Someday 12:00"))
        .isInstanceOf(ScheduleException.class);
    assertThatThrownBy(() -> Schedule.parse("monthly", null))
        .isInstanceOf(ScheduleException.class)
        .hasMessage("unknown frequency 'monthly'");
  }

  @Test
  void textReadsBackToTheSameSchedule() {
    for (Schedule s :
        List.of(
            Schedule.parse("hourly", ":09"),
            Schedule.parse("daily", "23:59"),
            Schedule.parse("weekly", "Sat 00:01"))) {
      assertThat(Schedule.parse(s.every().word(), s.atText())).isEqualTo(s);
    }
    assertThat(Schedule.parse("weekly", "Sat 00:01").describe())
        .isEqualTo("weekly on Sat at 00:01");
    assertThat(Schedule.parse("hourly", "5").describe()).isEqualTo("hourly at :05");
  }

  @Test
  void cronFieldsCountDaysFromSunday() {
    assertThat(Schedule.parse("hourly", ":15").cronFields()).isEqualTo("15 * * * *");
    assertThat(Schedule.parse("daily", "02:30").cronFields()).isEqualTo("30 2 * * *");
    assertThat(Schedule.parse("weekly", "Sun 04:05").cronFields()).isEqualTo("5 4 * * 0");
    assertThat(Schedule.parse("weekly", "Mon 04:05").cronFields()).isEqualTo("5 4 * * 1");
  }

  /** systemd's own reading of each expression: it is valid and means what vpo meant. */
  @Test
  void systemdReadsEachCalendarExpressionAsMeant() {
    String tool = ScheduleFixtures.systemdAnalyze().toString();
    for (Schedule s :
        List.of(
            Schedule.parse("hourly", ":15"),
            Schedule.parse("daily", "02:30"),
            Schedule.parse("weekly", "Sun 04:05"))) {
      ChildProcesses.Output o;
      try (ChildProcesses p = new ChildProcesses()) {
        o = p.run(60, List.of(tool, "calendar", "--iterations=3", s.onCalendar()));
      }
      assertThat(o.exitCode()).as("%s", o).isZero();
      assertThat(o.out()).contains("Normalized form: " + s.onCalendar());
      List<String> next =
          o.out().lines().filter(l -> l.contains("Next elapse:") || l.contains("Iter. #")).toList();
      assertThat(next).hasSize(3);
      for (String line : next) {
        switch (s.every()) {
          case HOURLY:
            assertThat(line).containsPattern(" \\d\\d:15:00 ");
            break;
          case DAILY:
            assertThat(line).contains(" 02:30:00 ");
            break;
          default:
            assertThat(line).contains(": Sun ").contains(" 04:05:00 ");
        }
      }
    }
  }
}
