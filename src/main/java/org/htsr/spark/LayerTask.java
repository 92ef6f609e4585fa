package org.htsr.spark;

import java.io.Serializable;

/**
 * One unit of executor work: one tensor of one checkpoint (its pooled layer, or all its slices).
 *
 * @param cost estimated floating-point work, for largest-first ordering
 */
record LayerTask(CheckpointRef checkpoint, String tensor, int layers, double cost) implements Serializable {}
