package org.htsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.htsr.stats.FitMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options every job shares: command line &gt; the conf dir's files &gt; defaults. */
class OptionsParserTest {

  @TempDir Path work;

  @Test
  void aMissingConfDirIsAnErrorNamingIt() {
    Path missing = work.resolve("etc-htsr-typo");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OptionsParser.parse(List.of("--conf-dir", missing.toString(), "in"), ""));
    assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()) && e.getMessage().contains("no such directory"), e.getMessage());
    IllegalArgumentException fromEnvironment = assertThrows(IllegalArgumentException.class,
        () -> OptionsParser.parse(List.of("in"), missing.toString()));
    assertTrue(fromEnvironment.getMessage().contains(missing.toAbsolutePath().toString()), fromEnvironment.getMessage());
  }

  @Test
  void theConfDirGivesOutAndMasterToEveryJobAndTheCommandLineWins() throws Exception {
    Path conf = Files.createDirectories(work.resolve("conf"));
    Files.writeString(conf.resolve("htsr.properties"), "htsr.out = /data/tables\nhtsr.master = local[3]\nhtsr.fit = tpl\n");
    JobOptions fromConf = OptionsParser.parse(List.of("--conf-dir", conf.toString(), "SELECT 1"), "");
    assertEquals("/data/tables", fromConf.out());
    assertEquals("local[3]", fromConf.master());
    assertEquals(List.of("SELECT 1"), fromConf.arguments());
    JobOptions overridden = OptionsParser.parse(List.of("--conf-dir", conf.toString(), "--out", "elsewhere", "--format", "table", "--verbose", "q"), "");
    assertEquals("elsewhere", overridden.out());
    assertEquals(OutputFormat.TABLE, overridden.format());
    assertEquals(Verbosity.VERBOSE, overridden.verbosity());
    AnalyzeSettings settings = SettingsParser.parse(OptionsParser.parse(List.of("--conf-dir", conf.toString(), "--force", "in"), ""));
    assertEquals(FitMode.TPL, settings.fit());
    assertTrue(settings.recompute());
    assertEquals("/data/tables", settings.out());
  }

  @Test
  void aConfDirWithoutSparkDefaultsFallsBackToTheInstallations() throws Exception {
    Path installation = Files.createDirectories(work.resolve("installation"));
    Files.writeString(installation.resolve("spark-defaults.conf"), "spark.ui.enabled   false\nspark.sql.shuffle.partitions 8\n");
    Path sweep = Files.createDirectories(work.resolve("sweep"));
    Files.writeString(sweep.resolve("htsr.properties"), "htsr.roots = /zoo\n");
    JobOptions options = OptionsParser.parse(List.of("--conf-dir", sweep.toString()), installation.toString());
    assertEquals("false", options.sparkDefaults().get("spark.ui.enabled"));
    assertEquals("/zoo", options.setting(ConfigKeys.ROOTS));
    Files.writeString(sweep.resolve("spark-defaults.conf"), "spark.sql.shuffle.partitions 2\n");
    assertEquals("2", OptionsParser.parse(List.of("--conf-dir", sweep.toString()), installation.toString()).sparkDefaults().get("spark.sql.shuffle.partitions"));
  }

  @Test
  void modesAreEnumsAndBadValuesNameTheOption() {
    AnalyzeSettings s = SettingsParser.parse(OptionsParser.parse(List.of("--fit", "HILL", "--distributed-route", "rowmatrix", "in"), ""));
    assertEquals(FitMode.HILL, s.fit());
    assertEquals(DistributedRoute.ROWMATRIX, s.route());
    assertEquals("hill", s.fit().label());
    assertEquals(0, s.taskElementLimit());
    IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
        () -> SettingsParser.parse(OptionsParser.parse(List.of("--fit", "lsq", "in"), "")));
    assertTrue(fit.getMessage().contains("--fit 'lsq'") && fit.getMessage().contains(String.join(", ", FitMode.labels())), fit.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OptionsParser.parse(List.of("--format", "json", "q"), ""));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> SettingsParser.parse(OptionsParser.parse(List.of("--frobnicate", "in"), "")));
    assertTrue(unknown.getMessage().contains("--frobnicate"), unknown.getMessage());
  }

  @Test
  void theConfigHashOfTheDefaultsIsUnchangedByTheEnums() {
    // the string-typed settings gave exactly this: re-runs still recognise rows written before the enums
    AnalyzeSettings s = SettingsParser.parse(OptionsParser.parse(List.of("in"), ""));
    assertEquals("{solver=auto, fit=ww, pool=true, ww_compat=false, min_evals=10, randomize=false}", s.analysisConfig().toString());
  }
}
