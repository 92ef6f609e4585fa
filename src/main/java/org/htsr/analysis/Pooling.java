package org.htsr.analysis;

/** How the matrices of a multi-slice tensor (conv kernels, 3-D stacks) become rows. */
public enum Pooling {
  /** One row per tensor: all slices' eigenvalues in one ESD (WeightWatcher's default). */
  POOLED,
  /** One row per slice (WeightWatcher's pool=False). */
  PER_SLICE
}
