package vpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static vpo.testing.CliAssertions.assertNoStackTrace;
import static vpo.testing.CliAssertions.errorLines;
import static vpo.testing.CliAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vpo.testing.LibraryFixture;
import vpo.testing.LibraryFixture.Damage;
import vpo.testing.TestHome;

/** {@code vpo library verify}: exit 0 only when the integrity and foreign-key checks are clean. */
class LibraryVerifyCommandTest {
  @TempDir Path tmp;

  /** An initialised home whose library holds enough rows to span a few hundred pages. */
  private TestHome filledHome() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    LibraryFixture.addFiles(home.library(), 500, 4096);
    LibraryFixture.addFiller(home.library(), 3000, 300);
    return home;
  }

  @Test
  void aHealthyLibraryPasses() {
    TestHome home = filledHome();

    TestHome.Result text = home.run("library", "verify");
    TestHome.Result json = home.run("library", "verify", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains(home.library().toString())
        .containsPattern("Integrity:\\s+ok")
        .containsPattern("Foreign keys:\\s+ok");
    assertThat(text.err()).isEmpty();
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = json(json);
    assertThat(doc.get("success").booleanValue()).isTrue();
    assertThat(doc.get("integrity_ok").booleanValue()).isTrue();
    assertThat(doc.get("foreign_keys_ok").booleanValue()).isTrue();
    assertThat(doc.get("integrity_problems").isArray()).isTrue();
    assertThat(doc.get("integrity_problems")).isEmpty();
    assertThat(doc.get("foreign_key_problems")).isEmpty();
    assertThat(doc.get("path").textValue()).isEqualTo(home.library().toString());
  }

  /** What SQLite's check says about each kind of damage to {@code page}. */
  private static String expectedProblem(Damage damage, long page) {
    return switch (damage) {
      case GARBAGE_OVER_PAGE_HEADER, ZEROED_PAGE -> " page " + page + ": ";
      case INDEX_KEY_CHANGED -> "missing from index test_filler_name";
    };
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aDamagedPageIsReportedAndFailsTheCheck(Damage damage) throws Exception {
    TestHome home = filledHome();
    long page = LibraryFixture.damage(home.library(), damage);

    TestHome.Result text = home.run("library", "verify");

    assertThat(text.exitCode()).as("page %d: %s", page, text).isEqualTo(1);
    assertThat(text.out()).containsPattern("Integrity:\\s+\\d+ problems?");
    assertThat(text.out()).as("the problem is listed").contains(expectedProblem(damage, page));
    assertThat(text.out()).doesNotContainPattern("Integrity:\\s+ok");
    assertThat(errorLines(text)).singleElement().asString().contains("library is damaged");
    assertNoStackTrace(text);

    TestHome.Result json = home.run("library", "verify", "--json");

    assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
    JsonNode doc = json(json);
    assertThat(doc.get("success").booleanValue()).isFalse();
    assertThat(doc.get("integrity_ok").booleanValue()).isFalse();
    assertThat(doc.get("integrity_problems").isArray()).isTrue();
    assertThat(doc.get("integrity_problems")).isNotEmpty();
    assertThat(doc.get("integrity_problems"))
        .anySatisfy(p -> assertThat(p.textValue()).contains(expectedProblem(damage, page)));
    assertThat(errorLines(json)).as("under --json nothing but the document").isEmpty();
    assertNoStackTrace(json);
  }

  @Test
  void rowsPointingAtMissingRowsFailTheForeignKeyCheck() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    // Tables of the test's own, so the check does not depend on VPO's layout. The dangling row
    // is written with enforcement off, as an older program or a manual edit could have.
    LibraryFixture.execute(
        home.library(),
        "PRAGMA foreign_keys = OFF",
        "CREATE TABLE test_parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE test_child (id INTEGER PRIMARY KEY,"
            + " parent_id INTEGER REFERENCES test_parent(id))",
        "INSERT INTO test_parent VALUES (1)",
        "INSERT INTO test_child VALUES (1, 1), (2, 99)");

    TestHome.Result text = home.run("library", "verify");
    TestHome.Result json = home.run("library", "verify", "--json");

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
    assertThat(text.out())
        .containsPattern("Integrity:\\s+ok")
        .containsPattern("Foreign keys:\\s+1 problem\\n")
        .contains("test_child row 2 refers to a missing row of test_parent");
    assertThat(errorLines(text)).hasSize(1);
    assertThat(json.exitCode()).isEqualTo(1);
    JsonNode doc = json(json);
    assertThat(doc.get("integrity_ok").booleanValue()).isTrue();
    assertThat(doc.get("foreign_keys_ok").booleanValue()).isFalse();
    assertThat(doc.get("foreign_key_problems")).hasSize(1);
    assertThat(doc.get("foreign_key_problem_count").longValue()).isEqualTo(1);
  }

  @Test
  void countsEveryBrokenForeignKeyButKeepsTheFirstThousandLines() {
    TestHome home = new TestHome(tmp);
    home.run("init");
    // A wiped parent table: one problem per child row.
    LibraryFixture.execute(
        home.library(),
        "PRAGMA foreign_keys = OFF",
        "CREATE TABLE test_child (id INTEGER PRIMARY KEY,"
            + " parent_id INTEGER REFERENCES test_parent(id))",
        "CREATE TABLE test_parent (id INTEGER PRIMARY KEY)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)"
            + " INSERT INTO test_child SELECT i, i FROM n");

    TestHome.Result text = home.run("library", "verify");
    TestHome.Result json = home.run("library", "verify", "--json");

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
    assertThat(text.out()).containsPattern("Foreign keys:\\s+2,500 problems\\n");
    JsonNode doc = json(json);
    assertThat(doc.get("foreign_keys_ok").booleanValue()).isFalse();
    assertThat(doc.get("foreign_key_problem_count").longValue()).isEqualTo(2500);
    assertThat(doc.get("foreign_key_problems")).hasSize(1000);
    assertThat(doc.get("foreign_key_problems").get(0).asText())
        .isEqualTo("test_child row 1 refers to a missing row of test_parent");
  }
}
