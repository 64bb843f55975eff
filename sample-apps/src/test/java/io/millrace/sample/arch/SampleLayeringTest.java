package io.millrace.sample.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The samples are what users read to learn the DSL: they use the streaming DSL (and Kafka's
 * client types where they read results back), never the broker; only the runner starts an
 * embedded node, through the engine's public API.
 */
class SampleLayeringTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.millrace.sample");

  @Test
  void samplesDoNotTouchTheBroker() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.millrace.sample.internal")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.millrace.engine..", "io.millrace.log..")
        .because("a sample runs against any broker the DSL connects to")
        .check(CLASSES);
  }

  @Test
  void theRunnerUsesOnlyThePublicApiOfTheEngine() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.millrace.engine.internal..", "io.millrace.stream.internal..", "io.millrace.stream.processing.internal..")
        .because("internals change without notice")
        .check(CLASSES);
  }
}
