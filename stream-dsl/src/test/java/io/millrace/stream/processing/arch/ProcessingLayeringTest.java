package io.millrace.stream.processing.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The processing API keeps its internals and Kafka's classes out of what applications touch. */
class ProcessingLayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.millrace.stream");

  private static final DescribedPredicate<JavaClass> HIDDEN = DescribedPredicate.describe(
      "an internal or kafka-clients type",
      c -> c.getPackageName().startsWith("io.millrace.stream.processing.internal")
          || c.getPackageName().startsWith("io.millrace.stream.internal")
          || c.getPackageName().startsWith("org.apache.kafka"));

  @Test
  void exposesNoInternalOrKafkaTypeInItsPublicMethods() {
    codeUnits()
        .that()
        .areDeclaredInClassesThat(DescribedPredicate.describe("public classes of io.millrace.stream.processing",
            c -> c.getPackageName().equals("io.millrace.stream.processing") && c.getModifiers().contains(JavaModifier.PUBLIC)))
        .and()
        .haveModifier(JavaModifier.PUBLIC)
        .should(new ArchCondition<JavaCodeUnit>("neither take nor return " + HIDDEN.getDescription()) {
          @Override
          public void check(JavaCodeUnit unit, ConditionEvents events) {
            boolean hidden = HIDDEN.test(unit.getRawReturnType()) || unit.getRawParameterTypes().stream().anyMatch(HIDDEN);
            if (hidden) {
              events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " takes or returns " + HIDDEN.getDescription()));
            }
          }
        })
        .because("applications build on the processing API only; its internals may change")
        .check(CLASSES);
  }

  @Test
  void leavesTheClientLayerToItsOwnPublicTypes() {
    noClasses()
        .that()
        .resideInAnyPackage("io.millrace.stream.processing..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.pekko.kafka..")
        .because("processing talks to the cluster through kafka-clients and the DSL's public types")
        .check(CLASSES);
  }
}
