package io.millrace.tools.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The console tools talk to a broker only through the official Kafka clients, so they work against
 * Apache Kafka as well as Millrace; the entry points stay thin.
 */
class ToolsLayeringTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.millrace.tools");

  @Test
  void toolsUseNoMillraceModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.millrace.engine..",
            "io.millrace.log..",
            "io.millrace.sharding..",
            "io.millrace.dsl..")
        .because("the tools must work against any Kafka-compatible broker")
        .check(CLASSES);
  }

  @Test
  void toolsUseOnlyThePublicApiOfTheKafkaClients() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..internals..",
            "org.apache.kafka.common.utils..",
            "org.apache.kafka.common.requests..",
            "org.apache.kafka.common.message..",
            "org.apache.kafka.common.protocol..")
        .because("internal client classes change between Kafka releases")
        .check(CLASSES);
  }

  @Test
  void internalsDoNotDependOnTheEntryPoints() {
    noClasses()
        .that()
        .resideInAPackage("io.millrace.tools.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.millrace.tools")
        .because("the entry points wire the internals together, not the other way round")
        .check(CLASSES);
  }
}
