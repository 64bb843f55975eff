package io.millrace.log.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's own layering, beyond what Maven's dependency rules can see. */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.millrace.log");

  @Test
  void onlyTheJournalPackageUsesPekko() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.millrace.log.journal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.pekko..")
        .because("the log itself is plain Java + Agrona; Pekko Persistence sits on top of it")
        .check(CLASSES);
  }

  @Test
  void thePublicApiDoesNotExposeKafkaClientsOrInternals() {
    noClasses()
        .that()
        .resideInAPackage("io.millrace.log")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..")
        .because("kafka-clients is an implementation detail of the log (record decoding, compaction)")
        .check(CLASSES);
  }

  @Test
  void nothingReachesUpIntoOtherModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.millrace.engine..", "io.millrace.sharding..", "io.millrace.dsl..", "io.millrace.sample..", "io.millrace.tools..", "io.millrace.perf..")
        .check(CLASSES);
  }
}
