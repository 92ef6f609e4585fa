package org.htsr.model;

import java.util.Locale;

/** What kind of layer a tensor is, inferred from its shape alone (as WeightWatcher's state-dict path does). */
public enum LayerType {
  /** A 2-D tensor: one matrix (Linear, Dense, Embedding, HF Conv1D, projections). */
  DENSE,
  /** A 4-D convolution kernel, (out,in,kh,kw) or (kh,kw,in,out): kh·kw matrices. */
  CONV2D,
  /** A 3-D tensor whose smallest dimension is the last, as a conv1d kernel (out,in,k): k matrices. */
  CONV1D,
  /** Another 3-D tensor, e.g. an LSTM weight (dirs,4h,in): a stack of matrices along its smallest axis. */
  STACKED;

  /** The lower-case name used in tables ("dense", "conv2d", …), WeightWatcher's where it has one. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
