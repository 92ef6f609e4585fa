package org.htsr.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.htsr.model.TensorInfo;

/**
 * The reader of every format whose tensors are {@link StoredTensor}s: it lists them and serves
 * ranged reads through their layouts. Formats differ only in how they find the tensors.
 */
final class StoredTensorReader implements CheckpointReader {

  private final List<TensorInfo> tensors;
  private final Map<String, StoredTensor> byName = new HashMap<>();
  private final Map<String, String> metadata;
  private final List<? extends Closeable> resources;

  /**
   * @param stored the tensors, in listing order, with unique names
   * @param resources what {@link #close} releases (the files the storages read)
   */
  StoredTensorReader(
      List<StoredTensor> stored, Map<String, String> metadata, List<? extends Closeable> resources) {
    this.tensors = stored.stream().map(StoredTensor::info).toList();
    for (StoredTensor t : stored) {
      if (byName.put(t.info().name(), t) != null) {
        throw new IllegalArgumentException("tensor '" + t.info().name() + "' listed twice");
      }
    }
    this.metadata = Map.copyOf(metadata);
    this.resources = List.copyOf(resources);
  }

  @Override
  public List<TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public double[] read(TensorInfo tensor, long firstElement, int count)
      throws CheckpointFormatException {
    StoredTensor stored = byName.get(tensor.name());
    if (stored == null || !stored.info().equals(tensor)) {
      throw new IllegalArgumentException("not a tensor of this checkpoint: " + tensor);
    }
    Readers.checkRange(tensor, firstElement, count);
    return StridedReads.read(
        tensor, stored.layout(), stored.storage().elements(tensor), firstElement, count);
  }

  /** Releases every resource, even when one fails to close. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Closeable resource : resources) {
      try {
        resource.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
