package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFiles;
import org.htsr.io.Readers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;

/**
 * A sharded safetensors checkpoint: the shards named by an index, read as one checkpoint. Every
 * tensor is listed once, from the shard the index maps it to (a tensor no shard maps, from the
 * first shard that holds it); reads go to that shard.
 */
public final class SafetensorsIndexReader implements CheckpointReader {

  private final List<CheckpointReader> shards;
  private final Map<String, CheckpointReader> shardOf;
  private final List<TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsIndexReader(
      List<CheckpointReader> shards,
      Map<String, CheckpointReader> shardOf,
      List<TensorInfo> tensors,
      Map<String, String> metadata) {
    this.shards = shards;
    this.shardOf = shardOf;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** Opens every shard of {@code index}, the index file at {@code location}. */
  public static SafetensorsIndexReader open(
      String location, InputFiles files, SafetensorsIndex index, CheckpointFormat shardFormat)
      throws CheckpointFormatException {
    Map<String, CheckpointReader> byShard = new LinkedHashMap<>();
    try {
      for (String shard : index.shards()) {
        byShard.put(shard, shardFormat.open(files.resolveSibling(location, shard), files));
      }
      return assemble(location, index, byShard);
    } catch (CheckpointFormatException e) {
      byShard.values().forEach(shard -> Readers.closeAfterFailure(shard, e));
      throw e;
    }
  }

  private static SafetensorsIndexReader assemble(
      String location, SafetensorsIndex index, Map<String, CheckpointReader> byShard)
      throws CheckpointFormatException {
    Map<String, CheckpointReader> shardOf = new HashMap<>();
    List<TensorInfo> tensors = new ArrayList<>();
    for (Map.Entry<String, CheckpointReader> shard : byShard.entrySet()) {
      for (TensorInfo tensor : shard.getValue().tensors()) {
        String mapped = index.weightMap().get(tensor.name());
        boolean listedHere =
            mapped == null ? !shardOf.containsKey(tensor.name()) : mapped.equals(shard.getKey());
        if (listedHere) {
          shardOf.put(tensor.name(), shard.getValue());
          tensors.add(tensor);
        }
      }
    }
    for (Map.Entry<String, String> mapping : index.weightMap().entrySet()) {
      if (!shardOf.containsKey(mapping.getKey())) {
        throw new CheckpointFormatException(
            location,
            mapping.getKey(),
            Problem.BAD_HEADER,
            "the index maps the tensor to shard '"
                + mapping.getValue()
                + "', which does not hold it");
      }
    }
    return new SafetensorsIndexReader(
        List.copyOf(byShard.values()), shardOf, List.copyOf(tensors), index.metadata());
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
    CheckpointReader shard = shardOf.get(tensor.name());
    if (shard == null) {
      throw new IllegalArgumentException("not a tensor of this checkpoint: " + tensor);
    }
    return shard.read(tensor, firstElement, count);
  }

  /** Closes every shard, even when one fails to close. */
  @Override
  public void close() throws IOException {
    Readers.closeAll(shards);
  }
}
