package org.htsr.io.keras;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.ElementSource;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.MemoryBudget;
import org.htsr.io.RawFloats;
import org.htsr.io.Storage;
import org.htsr.io.StoredTensor;
import org.htsr.io.StoredTensorReader;
import org.htsr.io.StridedLayout;
import org.htsr.io.WholeFile;
import org.htsr.io.Readers;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * Keras HDF5 weights, read with jhdf (pure Java): {@code model.save()} files keep the layers under
 * {@code /model_weights}, {@code save_weights()} files at the root; either group lists its layers
 * in the attribute {@code layer_names}, and each layer group its weights in {@code weight_names}
 * ({@code conv1/kernel:0}, the tensors' names here). Values stay in TensorFlow layout. An HDF5 file
 * without {@code layer_names} (Keras 3 {@code .weights.h5}, any other HDF5) lists every numeric
 * dataset by its path. Recognised by the HDF5 signature at offset 0.
 *
 * <p>jhdf parses from a buffer of the whole file ({@link WholeFile}: mapped when local), so that
 * declared sizes become slices of it rather than allocations; datasets are bounded before jhdf
 * decodes them, and jhdf's unchecked exceptions on corrupt input become typed errors here.
 */
public final class KerasH5Format implements CheckpointFormat {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final String LAYER_NAMES = "layer_names";
  private static final int MAX_GROUP_DEPTH = 64;
  /** The smallest superblock (version 2 and 3) with its signature. */
  private static final int MIN_SUPERBLOCK = 48;
  private static final String WEIGHT_NAMES = "weight_names";

  @Override
  public String name() {
    return "keras-h5";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    return Readers.startsWith(head, SIGNATURE);
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    InputFile file = Readers.open(files, location);
    HdfFile hdf = null;
    try {
      ByteBuffer bytes = WholeFile.of(file);
      hdf = openHdf(location, bytes);
      HdfFile owned = hdf;
      List<StoredTensor> tensors = new ArrayList<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      jhdf(location, () -> collect(location, owned, tensors, metadata));
      java.io.Closeable closeHdf = owned::close;
      return StoredTensorReader.of(location, tensors, metadata, List.of(file, closeHdf));
    } catch (CheckpointFormatException e) {
      if (hdf != null) {
        HdfFile opened = hdf;
        Readers.closeAfterFailure(() -> opened.close(), e);
      }
      Readers.closeAfterFailure(file, e);
      throw e;
    }
  }

  private static HdfFile openHdf(String location, ByteBuffer bytes)
      throws CheckpointFormatException {
    byte[] head = new byte[Math.min(SIGNATURE.length, bytes.capacity())];
    bytes.get(0, head);
    if (!Readers.startsWith(head, SIGNATURE)) {
      throw new CheckpointFormatException(
          location,
          null,
          head.length < SIGNATURE.length ? Problem.TRUNCATED : Problem.UNKNOWN_FORMAT,
          "no HDF5 signature at the start of the file");
    }
    HdfFile hdf;
    try {
      hdf = jhdf(location, () -> HdfFile.fromByteBuffer(bytes));
    } catch (CheckpointFormatException e) {
      if (bytes.capacity() < MIN_SUPERBLOCK) {
        throw new CheckpointFormatException(
            location, null, Problem.TRUNCATED,
            bytes.capacity() + " bytes cannot hold an HDF5 superblock", e);
      }
      throw e;
    }
    Superblock superblock = hdf.getHdfBackingStorage().getSuperblock();
    long end = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
    if (end > bytes.capacity()) {
      hdf.close();
      throw new CheckpointFormatException(
          location,
          null,
          Problem.TRUNCATED,
          "the superblock says the file ends at %d; it has %d bytes"
              .formatted(end, bytes.capacity()));
    }
    return hdf;
  }

  private static Void collect(
      String location, HdfFile hdf, List<StoredTensor> tensors, Map<String, String> metadata)
      throws CheckpointFormatException {
    Group root = hdf;
    Node modelWeights = hdf.getChildren().get("model_weights");
    if (modelWeights instanceof Group group && group.getAttributes().containsKey(LAYER_NAMES)) {
      root = group;
    }
    for (String key : List.of("keras_version", "backend")) {
      Attribute attribute = root.getAttribute(key);
      if (attribute == null) {
        attribute = hdf.getAttribute(key);
      }
      if (attribute != null && attribute.getData() instanceof String value) {
        metadata.put(key, value);
      }
    }
    if (root.getAttributes().containsKey(LAYER_NAMES)) {
      metadata.put("layout", root == hdf ? "keras save_weights" : "keras model.save");
      for (String layer : strings(location, root.getAttribute(LAYER_NAMES))) {
        if (!(root.getChildren().get(layer) instanceof Group group)) {
          throw new CheckpointFormatException(
              location, null, Problem.BAD_HEADER, "layer '" + layer + "' has no group");
        }
        Attribute weights = group.getAttribute(WEIGHT_NAMES);
        for (String weight : weights == null ? List.<String>of() : strings(location, weights)) {
          if (!(group.getByPath(weight) instanceof Dataset dataset)) {
            throw new CheckpointFormatException(
                location, weight, Problem.BAD_HEADER, "weight has no dataset in its layer group");
          }
          add(location, weight, dataset, tensors, metadata);
        }
      }
    } else {
      metadata.put("layout", "hdf5 datasets by path");
      walk(location, hdf, 0, tensors, metadata);
    }
    return null;
  }

  /** Depth first; HDF5 groups may link into a cycle, so depth is bounded. */
  private static void walk(
      String location,
      Group group,
      int depth,
      List<StoredTensor> tensors,
      Map<String, String> metadata)
      throws CheckpointFormatException {
    if (depth > MAX_GROUP_DEPTH) {
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER,
          "groups nested deeper than " + MAX_GROUP_DEPTH + " at " + group.getPath());
    }
    for (Node node : group.getChildren().values()) {
      if (node instanceof Dataset dataset) {
        add(location, node.getPath().substring(1), dataset, tensors, metadata);
      } else if (node instanceof Group child && !node.isLink()) {
        walk(location, child, depth + 1, tensors, metadata);
      }
    }
  }

  private static void add(
      String location,
      String name,
      Dataset dataset,
      List<StoredTensor> tensors,
      Map<String, String> metadata)
      throws CheckpointFormatException {
    DataType type = dataset.getDataType();
    DType dtype = dtype(type);
    if (dtype == null || dataset.isCompound() || dataset.isVariableLength()) {
      metadata.merge("hdf5.skipped", name, (a, b) -> a + ", " + b);
      return;
    }
    List<Long> shape = new ArrayList<>();
    for (int d : dataset.getDimensions()) {
      shape.add((long) d);
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, location);
    if (info.byteCount() > CheckpointReader.MAX_ARRAY_ELEMENTS) {
      throw new CheckpointFormatException(
          location, name, Problem.TOO_LARGE, info.byteCount() + " bytes in one HDF5 dataset");
    }
    if (!(dataset instanceof DatasetBase base)) {
      throw new CheckpointFormatException(
          location, name, Problem.UNSUPPORTED, "dataset kind " + dataset.getClass().getSimpleName());
    }
    ByteOrder order =
        type instanceof FloatingPoint f ? f.getByteOrder()
            : type instanceof FixedPoint x ? x.getByteOrder() : ByteOrder.LITTLE_ENDIAN;
    tensors.add(
        new StoredTensor(info, StridedLayout.rowMajor(shape, 0), new DatasetStorage(base, order)));
  }

  private static DType dtype(DataType type) {
    if (type instanceof FloatingPoint) {
      return switch (type.getSize()) {
        case 8 -> DType.F64;
        case 4 -> DType.F32;
        case 2 -> DType.F16;
        default -> null;
      };
    }
    if (type instanceof FixedPoint fixed) {
      return switch (type.getSize()) {
        case 8 -> fixed.isSigned() ? DType.I64 : DType.U64;
        case 4 -> fixed.isSigned() ? DType.I32 : DType.U32;
        case 2 -> fixed.isSigned() ? DType.I16 : DType.U16;
        case 1 -> fixed.isSigned() ? DType.I8 : DType.U8;
        default -> null;
      };
    }
    return null;
  }

  /** A string-array attribute (h5py writes fixed-length byte strings). */
  private static List<String> strings(String location, Attribute attribute)
      throws CheckpointFormatException {
    Object data = attribute.getData();
    List<String> out = new ArrayList<>();
    if (data instanceof String[] values) {
      out.addAll(List.of(values));
    } else if (data instanceof String value) {
      out.add(value);
    } else if (data instanceof byte[] raw) {
      out.add(new String(raw, StandardCharsets.UTF_8));
    } else {
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER,
          "attribute " + attribute.getName() + " is not a list of strings");
    }
    return out;
  }

  /** A jhdf call whose unchecked exceptions on bad input become a typed error. */
  @FunctionalInterface
  interface JhdfCall<T> {
    T run() throws CheckpointFormatException;
  }

  static <T> T jhdf(String location, JhdfCall<T> call) throws CheckpointFormatException {
    try {
      return call.run();
    } catch (RuntimeException e) {
      Throwable unsupported = unsupportedCause(e);
      if (unsupported != null) {
        // valid HDF5 that jhdf does not read (virtual datasets, external data files, newer
        // message versions), possibly wrapped by its lazy loading: not a corrupt file
        throw new CheckpointFormatException(
            location, null, Problem.UNSUPPORTED,
            "an HDF5 feature htsr's HDF5 library (jhdf) does not read: " + unsupported.getMessage(), e);
      }
      // the jhdf boundary: it reports corrupt structures as HdfException and, on bytes it does not
      // expect, as whatever the JDK throws (buffer underflows, bad limits, casts)
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER,
          "corrupt HDF5: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (StackOverflowError cycle) {
      // jhdf follows object-header continuations recursively, so a hostile file whose
      // continuations form a cycle recurses until the stack runs out (found by fuzzing). The
      // stack has unwound by now and the half-read HdfFile is dropped, so this one Error is safe
      // to turn into a typed error here, at the library boundary, and nowhere else.
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER, "HDF5 structures that refer to themselves");
    }
  }

  private static Throwable unsupportedCause(Throwable e) {
    for (int depth = 0; e != null && depth < 20; e = e.getCause(), depth++) {
      if (e instanceof io.jhdf.exceptions.UnsupportedHdfException) {
        return e;
      }
    }
    return null;
  }

  /** A dataset's elements, from the buffer jhdf gives (a slice of the file when contiguous). */
  private record DatasetStorage(DatasetBase dataset, ByteOrder order) implements Storage {
    @Override
    public ElementSource elements(TensorInfo tensor) throws CheckpointFormatException {
      if (!(dataset instanceof io.jhdf.dataset.ContiguousDatasetImpl)) {
        // chunked (and compressed) datasets are decoded whole by jhdf, onto the heap; contiguous
        // ones are slices of the mapped file
        MemoryBudget.current().require(tensor.location(), tensor.name(),
            "decoding a chunked HDF5 dataset whole (as jhdf does)", tensor.byteCount());
      }
      ByteBuffer buffer = jhdf(tensor.location(), dataset::getDataBuffer);
      DType dtype = tensor.dtype();
      int size = dtype.byteSize();
      return (first, into, offset, count) -> {
        int chunkElements = RawFloats.CHUNK_BYTES / size;
        byte[] chunk = new byte[Math.min(count, chunkElements) * size];
        for (int done = 0; done < count; ) {
          int n = Math.min(chunkElements, count - done);
          long at = (first + done) * size;
          if (at + (long) n * size > buffer.limit()) {
            throw new CheckpointFormatException(
                tensor.location(), tensor.name(), Problem.TRUNCATED,
                "dataset holds %d bytes, element %d is beyond".formatted(buffer.limit(),
                    first + done + n));
          }
          buffer.get((int) at, chunk, 0, n * size);
          RawFloats.decode(dtype, order, chunk, 0, into, offset + done, n);
          done += n;
        }
      };
    }
  }
}
