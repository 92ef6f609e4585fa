package org.htsr.io.torch;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.Storage;
import org.htsr.io.StoredTensor;
import org.htsr.io.StoredTensorReader;
import org.htsr.io.StridedLayout;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;

/**
 * Turns the tensors of an unpickled state dict into {@link StoredTensor}s, checking each against
 * its storage with overflow-safe arithmetic: a shape, stride or offset that reaches past the
 * storage (or a 10^12-element shape over a few bytes) fails here, before anything is read.
 * Storages shared between tensors (tied weights, views) are resolved once.
 */
final class TorchCheckpoint {

  /** A storage as the file holds it: how to read it and how many elements it really has. */
  record Resolved(Storage storage, long elements) {}

  /** How one file format finds a storage's bytes. */
  @FunctionalInterface
  interface StorageResolver {
    Resolved resolve(TorchStorageRef ref) throws CheckpointFormatException;
  }

  private TorchCheckpoint() {}

  static StoredTensorReader reader(
      String location,
      Map<String, TorchTensorRef> tensors,
      StorageResolver resolver,
      Map<String, String> metadata,
      Closeable file)
      throws CheckpointFormatException {
    Map<String, Resolved> resolved = new HashMap<>();
    List<StoredTensor> stored = new ArrayList<>();
    for (Map.Entry<String, TorchTensorRef> entry : tensors.entrySet()) {
      String name = entry.getKey();
      TorchTensorRef ref = entry.getValue();
      if (ref.dtype() == null || ref.storage().dtype() == null) {
        throw new CheckpointFormatException(
            location, name, Problem.UNKNOWN_DTYPE, "storage type " + ref.storage().typeName());
      }
      Resolved storage = resolved.get(ref.storage().key());
      if (storage == null) {
        storage = resolver.resolve(ref.storage());
        resolved.put(ref.storage().key(), storage);
      }
      TensorInfo info = new TensorInfo(name, ref.dtype(), ref.shape(), location);
      stored.add(new StoredTensor(info, layout(location, info, ref, storage), storage.storage()));
    }
    return StoredTensorReader.of(location, stored, metadata, List.of(file));
  }

  /** The tensor's layout over its storage, checked to stay inside it. */
  private static StridedLayout layout(
      String location, TensorInfo info, TorchTensorRef ref, Resolved storage)
      throws CheckpointFormatException {
    String name = info.name();
    StridedLayout layout;
    long end;
    try {
      info.byteCount(); // only for its overflow check: readers must be able to count bytes
      layout =
          new StridedLayout(
              ref.shape(), ref.strides(), Math.addExact(ref.storage().start(), ref.offset()));
      end = layout.storageEnd();
    } catch (ArithmeticException overflow) {
      throw new CheckpointFormatException(
          location,
          name,
          Problem.SHAPE_MISMATCH,
          "size %s, stride %s and offset %d overflow 64 bits"
              .formatted(ref.shape(), ref.strides(), ref.offset()));
    }
    if (ref.dtype() != ref.storage().dtype()) {
      // _rebuild_tensor_v3 reinterpreting an untyped storage: dtypes without a storage class
      throw new CheckpointFormatException(
          location,
          name,
          Problem.UNSUPPORTED,
          ref.dtype() + " elements over a " + ref.storage().typeName() + " storage");
    }
    long windowEnd = ref.storage().start() + ref.storage().length(); // both checked <= elements
    if (end > windowEnd || windowEnd > storage.elements()) {
      throw beyond(location, name, ref, end, Math.min(windowEnd, storage.elements()));
    }
    return layout;
  }

  private static CheckpointFormatException beyond(
      String location, String name, TorchTensorRef ref, long end, long available) {
    return new CheckpointFormatException(
        location,
        name,
        Problem.SHAPE_MISMATCH,
        "size %s, stride %s and offset %d reach element %d of storage '%s', which has %d"
            .formatted(ref.shape(), ref.strides(), ref.offset(), end, ref.storage().key(),
                available));
  }
}
