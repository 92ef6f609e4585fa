package org.htsr.report;

/** Title and subtitle of a layer's charts: the layer, then where it comes from and its shape. */
record LayerPlotTitle(String title, String subtitle) {

  static LayerPlotTitle of(CheckpointRow checkpoint, LayerRow layer) {
    return new LayerPlotTitle(layer.label(),
        checkpoint.label() + " · " + layer.type() + " " + layer.shape() + " · N=" + layer.n() + ", M=" + layer.m()
            + ", " + layer.numEvals() + " eigenvalues");
  }
}
