package org.htsr.analysis;

import java.util.List;
import org.htsr.model.LayerResult;

/** The analysed layers of one checkpoint, and the tensors it did not analyse. */
public record CheckpointResult(String location, List<LayerResult> layers, List<SkippedTensor> skipped) {

  public CheckpointResult {
    layers = List.copyOf(layers);
    skipped = List.copyOf(skipped);
  }
}
