package org.htsr.io;

import org.htsr.model.TensorInfo;

/**
 * Where a tensor's storage elements come from: a file region, an inflated zip entry, a buffer in
 * memory. Each read asks for a fresh {@link ElementSource}, which may keep state (an inflater) for
 * that read only.
 */
@FunctionalInterface
public interface Storage {

  /** A source for one read of {@code tensor}, which errors name. */
  ElementSource elements(TensorInfo tensor) throws CheckpointFormatException;
}
