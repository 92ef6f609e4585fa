package org.htsr.spark.views;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code jobs/report}: where the tables are, where the report goes, what to show.
 *
 * @param checkpointPatterns kept checkpoints match one of these in their URI or model name
 * @param layerPatterns kept layers match one of these in their name
 * @param config the configuration hash to show; empty: the configuration of the latest run
 */
public record ReportOptions(String out, Path reportDir, List<String> checkpointPatterns, List<String> layerPatterns, Optional<String> config,
    int maxLayerPlots) {

  /** Whether the user narrowed the report: then every matching checkpoint gets plots. */
  public boolean filtered() {
    return !checkpointPatterns.isEmpty() || !layerPatterns.isEmpty();
  }

  /** The filters as the page states them. */
  public List<String> describeFilters() {
    List<String> out = new ArrayList<>();
    checkpointPatterns.forEach(p -> out.add("--checkpoint " + p));
    layerPatterns.forEach(p -> out.add("--layer " + p));
    config.ifPresent(c -> out.add("--config " + c));
    return out;
  }
}
