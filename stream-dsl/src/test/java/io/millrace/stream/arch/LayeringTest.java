package io.millrace.stream.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** stream-dsl's layering, beyond what Maven's dependency rules can see (docs/design/modules.md). */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.millrace.stream");

  @Test
  void usesNoMillraceModuleButItsOwn() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.millrace.engine..", "io.millrace.log..", "io.millrace.sharding..", "io.millrace.sample..", "io.millrace.tools..")
        .because("the DSL talks to any cluster through the Kafka protocol; arrows point sample-apps -> stream-dsl")
        .check(CLASSES);
  }

  @Test
  void keepsTheConnectorBehindItsOwnTypes() {
    noClasses()
        .that()
        .resideInAPackage("io.millrace.stream")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.pekko.kafka..")
        .because("pekko-connectors-kafka is an implementation detail of io.millrace.stream.internal")
        .check(CLASSES);
  }

  @Test
  void exposesNoInternalTypeInThePublicApi() {
    noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.millrace.stream")
        .and()
        .haveModifier(JavaModifier.PUBLIC)
        .should()
        .haveRawReturnType(com.tngtech.archunit.base.DescribedPredicate.describe(
            "an internal type", (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("io.millrace.stream.internal")))
        .because("everything under internal may change without notice")
        .check(CLASSES);
  }
}
