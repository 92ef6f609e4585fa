package org.htsr.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;

/**
 * The reader of every format whose tensors are {@link StoredTensor}s: it lists them and serves
 * ranged reads through their layouts. Formats differ only in how they find the tensors.
 */
public final class StoredTensorReader implements CheckpointReader {

  private final List<TensorInfo> tensors;
  private final Map<String, StoredTensor> byName = new HashMap<>();
  private final Map<String, String> metadata;
  private final List<? extends Closeable> resources;

  private StoredTensorReader(
      List<StoredTensor> stored, Map<String, String> metadata, List<? extends Closeable> resources) {
    this.tensors = stored.stream().map(StoredTensor::info).toList();
    this.metadata = Map.copyOf(metadata);
    this.resources = List.copyOf(resources);
  }

  /**
   * @param stored the tensors, in listing order
   * @param resources what {@link #close} releases (the files the storages read); the caller
   *     closes them if this fails
   * @throws CheckpointFormatException {@link Problem#BAD_HEADER} when two tensors have one name
   */
  public static StoredTensorReader of(
      String location,
      List<StoredTensor> stored,
      Map<String, String> metadata,
      List<? extends Closeable> resources)
      throws CheckpointFormatException {
    StoredTensorReader reader = new StoredTensorReader(stored, metadata, resources);
    for (StoredTensor t : stored) {
      if (reader.byName.put(t.info().name(), t) != null) {
        throw new CheckpointFormatException(
            location, t.info().name(), Problem.BAD_HEADER, "two tensors have this name");
      }
    }
    return reader;
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
    Readers.closeAll(resources);
  }
}
