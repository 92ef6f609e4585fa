package org.htsr.report;

/**
 * One row of the {@code checkpoints} table: a checkpoint's identity, the run that analysed it, its
 * layer counts and the means α and α̂ over its successful layers ({@code null} when none).
 */
public record CheckpointRow(
    String checkpoint,
    String model,
    Long step,
    String runId,
    int layers,
    int layersFailed,
    Double alpha,
    Double alphaWeighted,
    String status,
    String error) {

  /** "model @ step" (or the model alone), the checkpoint's name on the page. */
  public String label() {
    String name = model == null ? checkpoint : model;
    return step == null ? name : name + " @ step " + step;
  }
}
