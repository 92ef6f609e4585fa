package org.htsr.io;

import org.htsr.model.TensorInfo;

/**
 * A listed tensor and how to read it: its elements lie in {@code layout} over {@code storage}. The
 * reader that made it has checked that the layout stays inside the storage.
 */
public record StoredTensor(TensorInfo info, StridedLayout layout, Storage storage) {}
