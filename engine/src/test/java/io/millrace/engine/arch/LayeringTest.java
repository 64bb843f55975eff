package io.millrace.engine.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine's layering, beyond what Maven's dependency rules can see (docs/design/modules.md). */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.millrace.engine");

  @Test
  void usesOnlyThePublicApiOfTheLog() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.millrace.log.internal..")
        .because("persistence-log's internal packages may change without notice")
        .check(CLASSES);
  }

  @Test
  void nothingReachesUpIntoModulesAboveTheEngine() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.millrace.stream..", "io.millrace.sample..", "io.millrace.tools..", "io.millrace.perf..")
        .because("arrows point sample-apps -> stream-dsl and sample-apps -> engine, never back")
        .check(CLASSES);
  }

  @Test
  void internalsDoNotDependOnTheEntryPoint() {
    noClasses()
        .that()
        .resideInAPackage("io.millrace.engine.internal..")
        .should()
        .dependOnClassesThat()
        .haveSimpleName("NodeMain")
        .because("main wires the internals together, not the other way round")
        .check(CLASSES);
  }
}
