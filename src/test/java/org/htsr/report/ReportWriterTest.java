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
