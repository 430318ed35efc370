package vpo.location;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK stays behind the S3 classes that need it, so that nothing else loads it; and the
 * location package is domain code: no command line, no printing, no exiting.
 */
class LocationArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("vpo");
  }

  /** The classes allowed to use the SDK, with their nested classes. */
  static final String SDK_USERS =
      "vpo\\.location\\.(S3Location|S3Upload|S3Errors|S3ObjectStream)(\\$.*)?";

  static ArchRule sdkStaysInItsClasses() {
    return noClasses()
        .that()
        .haveNameNotMatching(SDK_USERS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon..")
        .because("local commands must never load the S3 client");
  }

  @Test
  void onlyTheS3ClassesUseTheSdk() {
    sdkStaysInItsClasses().check(production);
  }

  @Test
  void theRuleSeesTheSdkWhereItIsUsed() {
    // Were the rule blind to the SDK, it would pass whatever the code did.
    assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .haveNameMatching(SDK_USERS)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("software.amazon..")
                    .check(production))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("S3Location");
  }

  @Test
  void locationsKnowNothingOfTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("vpo.location..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("vpo.cli..", "picocli..")
        .orShould()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .check(production);
  }
}
