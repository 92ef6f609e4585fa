package org.htsr.analysis;

import java.util.List;
import org.htsr.model.LayerSpec;

/** The layers of one checkpoint to analyse, and the tensors left out with why. */
public record LayerPlan(List<LayerSpec> specs, List<SkippedTensor> skipped) {

  public LayerPlan {
    specs = List.copyOf(specs);
    skipped = List.copyOf(skipped);
  }
}
