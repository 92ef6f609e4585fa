package org.htsr.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.htsr.model.RowStatus;

/**
 * Chooses what to draw in detail, so a zoo of thousands of checkpoints gives a page a browser can
 * open: per-layer plots for the latest step of each model (or every checkpoint the user's filters
 * kept), and never more than a cap of layers.
 */
public final class PlotSelection {

  /** Which checkpoints get per-layer plots. */
  public enum Rule {
    /** The checkpoints with the largest step of each model (all of a model's checkpoints when none has a step). */
    LATEST_STEP_PER_MODEL,
    /** Every checkpoint shown: the user narrowed the report with --checkpoint or --layer. */
    EVERY_CHECKPOINT
  }

  private PlotSelection() {}

  /**
   * @param checkpoints the checkpoints on the page, in page order
   * @param layers their layer rows, in page order
   * @param maxLayers the most layers that get per-layer plots
   */
  public static PlotScope choose(List<CheckpointRow> checkpoints, List<LayerRow> layers, Rule rule, int maxLayers) {
    Set<String> detailed = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    if (rule == Rule.EVERY_CHECKPOINT) {
      checkpoints.forEach(c -> detailed.add(c.checkpoint()));
      notes.add("Per-layer plots: every checkpoint that matches the filters.");
    } else {
      detailed.addAll(latestPerModel(checkpoints));
      notes.add("Per-layer plots: the latest step of each model (" + detailed.size() + " of " + checkpoints.size()
          + " checkpoints); run jobs/report with --checkpoint or --layer to draw others.");
    }
    Set<LayerKey> plotted = new LinkedHashSet<>();
    int candidates = 0;
    for (LayerRow l : layers) {
      // failed layers have no spectrum to draw
      if (detailed.contains(l.key().checkpoint()) && RowStatus.SUCCESS.label().equals(l.status())) {
        candidates++;
        if (plotted.size() < maxLayers) {
          plotted.add(l.key());
        }
      }
    }
    if (candidates > maxLayers) {
      notes.add("Per-layer plots capped at " + maxLayers + " of " + candidates
          + " layers (page order); narrow with --checkpoint/--layer or raise --max-layer-plots.");
    }
    return new PlotScope(detailed, plotted, notes);
  }

  private static Set<String> latestPerModel(List<CheckpointRow> checkpoints) {
    Map<String, List<CheckpointRow>> byModel = new LinkedHashMap<>();
    for (CheckpointRow c : checkpoints) {
      byModel.computeIfAbsent(Objects.requireNonNullElse(c.model(), c.checkpoint()), k -> new ArrayList<>()).add(c);
    }
    Set<String> latest = new LinkedHashSet<>();
    for (List<CheckpointRow> model : byModel.values()) {
      Long last = model.stream().map(CheckpointRow::step).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
      model.stream().filter(c -> Objects.equals(c.step(), last)).forEach(c -> latest.add(c.checkpoint()));
    }
    return latest;
  }
}
