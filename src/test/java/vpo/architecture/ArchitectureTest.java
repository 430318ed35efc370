package vpo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vpo.architecture.violations.ConfiguresSqlite;
import vpo.architecture.violations.ExitsTheJvm;
import vpo.architecture.violations.HaltsTheJvm;
import vpo.architecture.violations.KnowsExitCodes;
import vpo.architecture.violations.PrintsToStderr;
import vpo.architecture.violations.PrintsToStdout;
import vpo.architecture.violations.RunsSql;
import vpo.architecture.violations.UsesPicocli;
import vpo.architecture.violations.WellBehaved;

/**
 * The direction of imports (STYLE.md): the domain knows nothing of the command line, never prints
 * and never ends the process; only {@code vpo.Main} exits. Each rule is also run against classes
 * that break it on purpose, so a rule that can no longer fail is noticed.
 */
class ArchitectureTest {
  static final String[] DOMAIN = {
    "vpo.library..",
    "vpo.archive..",
    "vpo.backup..",
    "vpo.restore..",
    "vpo.catalog..",
    "vpo.home..",
    "vpo.config..",
    "vpo.fs..",
    "vpo.progress..",
    "vpo.schedule..",
    "vpo.location..",
    "vpo.crypto.."
  };
  private static final String VIOLATIONS = "vpo.architecture.violations..";

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("vpo");
  }

  static ArchRule domainDoesNotKnowTheCommandLine(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("vpo.cli..", "picocli..")
        .because("the domain is used by the command line, never the other way round");
  }

  static ArchRule onlyTheLibraryTalksToSqlite(String library) {
    return noClasses()
        .that()
        .resideOutsideOfPackage(library)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "org.sqlite..")
        .because("every SQLite statement and setting lives in vpo.library, in one place each");
  }

  static ArchRule domainDoesNotPrint(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .because("output is the command line's; the domain returns values and reports progress");
  }

  static ArchRule domainDoesNotEndTheProcess(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .because("the domain throws typed exceptions and the CLI maps them to exit codes");
  }

  static ArchRule onlyMainExits() {
    return noClasses()
        .that()
        .doNotHaveFullyQualifiedName("vpo.Main")
        .should()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .because("vpo.Main is the one place that turns a run's result into the process's end");
  }

  @Test
  void theImportSeesTheProductionClassesAndNoTestClasses() {
    assertThat(production.contain(vpo.Main.class)).isTrue();
    assertThat(production.contain(vpo.library.Library.class)).isTrue();
    assertThat(production.contain(vpo.fs.AtomicFile.class)).isTrue();
    assertThat(production.contain(vpo.config.VpoPaths.class)).isTrue();
    assertThat(production.contain(vpo.progress.ProgressListener.class)).isTrue();
    assertThat(production.contain(vpo.cli.Cli.class)).isTrue();
    assertThat(production.contain(PrintsToStdout.class)).isFalse();
    assertThat(production.contain(ArchitectureTest.class)).isFalse();
    assertThat(production.stream().filter(c -> c.getPackageName().equals("vpo.library")).count())
        .isGreaterThan(5);
  }

  @Test
  void theDomainDoesNotDependOnTheCommandLine() {
    domainDoesNotKnowTheCommandLine(DOMAIN).check(production);
  }

  @Test
  void onlyTheLibraryPackageTalksToSqlite() {
    onlyTheLibraryTalksToSqlite("vpo.library..").check(production);
    assertThat(production.get(vpo.library.Library.class).getDirectDependenciesFromSelf())
        .as("the library package does use SQLite, so the rule above is about real imports")
        .anySatisfy(d -> assertThat(d.getTargetClass().getPackageName()).startsWith("org.sqlite"));
  }

  @Test
  void theDomainDoesNotPrint() {
    domainDoesNotPrint(DOMAIN).check(production);
  }

  @Test
  void theDomainDoesNotEndTheProcess() {
    domainDoesNotEndTheProcess(DOMAIN).check(production);
  }

  @Test
  void onlyMainEndsTheProcess() {
    onlyMainExits().check(production);
    assertThat(production.get(vpo.Main.class).getMethodCallsFromSelf())
        .as("Main does end the process, so the rule above is about a real call")
        .anySatisfy(
            call -> {
              assertThat(call.getTargetOwner().isEquivalentTo(System.class)).isTrue();
              assertThat(call.getName()).isEqualTo("exit");
            });
  }

  // The rules against classes that break them.

  private static JavaClasses classes(Class<?>... types) {
    return new ClassFileImporter().importClasses(List.of(types));
  }

  private static void assertViolation(ArchRule rule, Class<?> violator, String evidence) {
    assertThatThrownBy(() -> rule.check(classes(violator, WellBehaved.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(violator.getName())
        .hasMessageContaining(evidence)
        .hasMessageNotContaining(WellBehaved.class.getName() + ".");
  }

  @Test
  void theDependencyRuleCatchesCliAndPicocli() {
    assertViolation(
        domainDoesNotKnowTheCommandLine(VIOLATIONS), KnowsExitCodes.class, "vpo.cli.ExitCodes");
    assertViolation(
        domainDoesNotKnowTheCommandLine(VIOLATIONS), UsesPicocli.class, "picocli.CommandLine");
  }

  @Test
  void theSqliteRuleCatchesJdbcAndTheDriver() {
    assertViolation(onlyTheLibraryTalksToSqlite("vpo.library.."), RunsSql.class, "java.sql");
    assertViolation(
        onlyTheLibraryTalksToSqlite("vpo.library.."), ConfiguresSqlite.class, "org.sqlite");
  }

  @Test
  void thePrintingRuleCatchesStdoutAndStderr() {
    assertViolation(domainDoesNotPrint(VIOLATIONS), PrintsToStdout.class, "System.out");
    assertViolation(domainDoesNotPrint(VIOLATIONS), PrintsToStderr.class, "System.err");
  }

  @Test
  void theExitRulesCatchExitAndHalt() {
    assertViolation(domainDoesNotEndTheProcess(VIOLATIONS), ExitsTheJvm.class, "System.exit");
    assertViolation(domainDoesNotEndTheProcess(VIOLATIONS), HaltsTheJvm.class, "Runtime.halt");
    assertViolation(onlyMainExits(), ExitsTheJvm.class, "System.exit");
    assertViolation(onlyMainExits(), HaltsTheJvm.class, "Runtime.halt");
  }

  @Test
  void theRulesPassClassesThatKeepToThem() {
    JavaClasses good = classes(WellBehaved.class);
    for (ArchRule rule :
        List.of(
            domainDoesNotKnowTheCommandLine(VIOLATIONS),
            domainDoesNotPrint(VIOLATIONS),
            domainDoesNotEndTheProcess(VIOLATIONS),
            onlyTheLibraryTalksToSqlite("vpo.library.."),
            onlyMainExits())) {
      assertThatCode(() -> rule.check(good)).as(rule.getDescription()).doesNotThrowAnyException();
    }
  }
}
