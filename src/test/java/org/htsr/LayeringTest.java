package org.htsr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of DESIGN.md, enforced: dependencies point down, and only spark/table touch
 * Spark or Hadoop (report draws plots from plain records; spark feeds it).
 */
class LayeringTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.htsr");
  }

  @Test
  void onlySparkAndTableImportSparkHadoopOrScala() {
    noClasses().that().resideInAnyPackage(
            "org.htsr.model..", "org.htsr.io..", "org.htsr.linalg..", "org.htsr.stats..", "org.htsr.analysis..", "org.htsr.config..",
            "org.htsr.tools..", "org.htsr.report..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
        .check(classes);
  }

  @Test
  void dependenciesPointDown() {
    layeredArchitecture().consideringOnlyDependenciesInAnyPackage("org.htsr..")
        .layer("model").definedBy("org.htsr.model..")
        .layer("io").definedBy("org.htsr.io..")
        .layer("linalg").definedBy("org.htsr.linalg..")
        .layer("stats").definedBy("org.htsr.stats..")
        .layer("analysis").definedBy("org.htsr.analysis..")
        .layer("config").definedBy("org.htsr.config..")
        .layer("table").definedBy("org.htsr.table..")
        .layer("spark").definedBy("org.htsr.spark..")
        .layer("tools").definedBy("org.htsr.tools..")
        .layer("report").definedBy("org.htsr.report..")
        .whereLayer("spark").mayNotBeAccessedByAnyLayer()
        .whereLayer("tools").mayNotBeAccessedByAnyLayer()
        .whereLayer("report").mayOnlyBeAccessedByLayers("spark")
        .whereLayer("table").mayOnlyBeAccessedByLayers("spark")
        .whereLayer("config").mayOnlyBeAccessedByLayers("spark")
        .whereLayer("analysis").mayOnlyBeAccessedByLayers("config", "spark")
        .whereLayer("stats").mayOnlyBeAccessedByLayers("analysis", "config", "spark")
        .whereLayer("linalg").mayOnlyBeAccessedByLayers("analysis", "config", "spark")
        .whereLayer("io").mayOnlyBeAccessedByLayers("analysis", "spark", "tools")
        .check(classes);
  }

  /** Every package, sub-packages included (io.safetensors, spark.run, ...), is a node of a DAG. */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("org.htsr.(**)").should().beFreeOfCycles().check(classes);
  }
}
