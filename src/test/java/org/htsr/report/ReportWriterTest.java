package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.htsr.testing.HeadlessChromium;
import org.htsr.testing.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole page from synthetic rows: every part present, or every optional part left out. */
class ReportWriterTest {

  @TempDir Path dir;

  @Test
  void everyPartRendersWhenTheTablesCarryIt() throws Exception {
    ReportResult result = ReportWriter.write(Fixtures.report(EnumSet.allOf(Feature.class)), dir);
    String html = Files.readString(result.index(), StandardCharsets.UTF_8);
    List<String> refs = ReportFiles.assertImagesExist(result.index());
    // trends: means, α, α̂, phases; depth for the 2 latest checkpoints; 4 plotted layers × (ESD, MP, randomized)
    assertEquals(4 + 2 + 4 * 3, result.charts());
    // each chart: PNG, its SVG and its 2× PNG
    assertEquals(3 * result.charts(), refs.stream().distinct().count());
    assertTrue(refs.stream().anyMatch(r -> r.endsWith("-phases.png")));
    assertTrue(refs.stream().anyMatch(r -> r.endsWith("-mp.svg")));
    assertTrue(refs.stream().anyMatch(r -> r.endsWith("-randomized.png")));
    assertTrue(html.contains("<th>phase</th>") && html.contains("<th>mp_softrank</th>") && html.contains("<th>ww_softrank</th>"));
    assertTrue(html.contains("NON_FINITE"));
    // the layer table leads with what a reader scans for, and gives the tail size
    assertTrue(html.contains("<th>#</th><th>layer</th><th>phase</th><th>status</th><th>type</th>"), "phase and status after the name");
    assertTrue(html.contains(">n_tail</th>") && html.contains("<td class=\"num\">20</td>"), "n_tail column with num_pl_spikes");
    assertTrue(html.contains("× correlation traps ("), "randomized tables get their trap count");
    try (Stream<Path> files = Files.list(dir.resolve("img"))) {
      assertEquals(refs.stream().distinct().count(), files.count(), "img/ holds exactly what the page shows");
    }
    HeadlessChromium.screenshot(result.index(), Files.createDirectories(dir.resolve("chromium")));
  }

  @Test
  void optionalPartsAreLeftOutCleanly() throws Exception {
    ReportResult result = ReportWriter.write(Fixtures.report(EnumSet.noneOf(Feature.class)), dir);
    String html = Files.readString(result.index(), StandardCharsets.UTF_8);
    List<String> refs = ReportFiles.assertImagesExist(result.index());
    assertEquals(3 + 2 + 4, result.charts());
    assertFalse(refs.stream().anyMatch(r -> r.contains("-mp.") || r.contains("-randomized.") || r.contains("-phases.")));
    assertFalse(html.contains("<th>phase</th>") || html.contains("mp_softrank") || html.contains("ww_softrank"));
    assertFalse(html.contains("Marchenko–Pastur fit</b>"));
    assertTrue(html.contains("<th>#</th><th>layer</th><th>status</th><th>type</th>"));
    // no randomized ESD in the tables: no count of traps (a 0 would claim one), no plot or reading of it, and the page says so
    assertFalse(html.contains("correlation traps (") || html.contains("randomized ESD</b>") || html.contains("rand spikes"));
    assertFalse(html.contains("rank collapse"));
    assertTrue(html.contains("No randomized ESD was computed"));
  }

  @Test
  void aSecondReportReplacesTheImagesOfTheFirst() throws Exception {
    ReportWriter.write(Fixtures.report(EnumSet.allOf(Feature.class)), dir);
    ReportResult second = ReportWriter.write(Fixtures.report(EnumSet.noneOf(Feature.class)), dir);
    try (Stream<Path> files = Files.list(dir.resolve("img"))) {
      assertEquals(3 * second.charts(), files.count());
    }
  }
}
