package org.htsr.io.onnx;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.ElementSource;
import org.htsr.io.FileStorage;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.MiniFloat;
import org.htsr.io.RawFloats;
import org.htsr.io.Storage;
import org.htsr.io.StoredTensor;
import org.htsr.io.StridedLayout;
import org.htsr.io.Readers;
import com.google.protobuf.ByteString;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.io.onnx.Onnx.AttributeProto;
import org.htsr.io.onnx.Onnx.GraphProto;
import org.htsr.io.onnx.Onnx.ModelProto;
import org.htsr.io.onnx.Onnx.NodeProto;
import org.htsr.io.onnx.Onnx.StringStringEntryProto;
import org.htsr.io.onnx.Onnx.TensorProto;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * The weights of an ONNX model, found as {@code tools/convert/onnx2st.py} finds them (so names match
 * the shared safetensors conversions): graph initializers; tensors of {@code Constant} nodes
 * ({@code value}, {@code value_float(s)}, {@code value_int(s)}), named after the node's output;
 * the same inside every subgraph attribute ({@code If} branches, {@code Loop}/{@code Scan}
 * bodies), depth first. A name seen again gets a {@code #2}, {@code #3} suffix.
 *
 * <p>Elements come from {@code raw_data} (little-endian), from the typed fields ({@code
 * float_data}, {@code double_data}, float16/bfloat16 bits in {@code int32_data}), or from an
 * external file next to the model ({@code data_location = EXTERNAL}: {@code location}, {@code
 * offset}, {@code length}), whose path must stay below the model's directory. Tensors of types htsr
 * has no dtype for (strings, complex) are left out and named in the {@code onnx.skipped} metadata.
 */
final class OnnxTensors {

  private static final Map<Integer, DType> TYPES =
      Map.ofEntries(
          Map.entry(1, DType.F32),
          Map.entry(2, DType.U8),
          Map.entry(3, DType.I8),
          Map.entry(4, DType.U16),
          Map.entry(5, DType.I16),
          Map.entry(6, DType.I32),
          Map.entry(7, DType.I64),
          Map.entry(9, DType.BOOL),
          Map.entry(10, DType.F16),
          Map.entry(11, DType.F64),
          Map.entry(12, DType.U32),
          Map.entry(13, DType.U64),
          Map.entry(16, DType.BF16),
          Map.entry(17, DType.F8_E4M3),
          Map.entry(19, DType.F8_E5M2));

  /**
   * The last TensorProto.DataType of ONNX 1.18 (INT2 = 26): types up to it that htsr does not
   * decode (strings, complex, 4-bit) are skipped by name; a larger number is a corrupt file.
   */
  private static final int LAST_ONNX_TYPE = 26;

  private final String location;
  private final InputFiles files;
  private final List<Closeable> resources;
  private final Map<String, InputFile> external = new HashMap<>();
  private final Set<String> taken = new HashSet<>();
  private final List<StoredTensor> stored = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  private OnnxTensors(String location, InputFiles files, List<Closeable> resources) {
    this.location = location;
    this.files = files;
    this.resources = resources;
  }

  /** Collects the model's tensors; external files opened are added to {@code resources}. */
  static OnnxTensors collect(
      String location, ModelProto model, InputFiles files, List<Closeable> resources)
      throws CheckpointFormatException {
    OnnxTensors tensors = new OnnxTensors(location, files, resources);
    tensors.graph(model.getGraph());
    tensors.metadata.put("onnx.producer",
        (model.getProducerName() + " " + model.getProducerVersion()).strip());
    tensors.metadata.put("onnx.ir_version", Long.toString(model.getIrVersion()));
    for (StringStringEntryProto prop : model.getMetadataPropsList()) {
      tensors.metadata.putIfAbsent(prop.getKey(), prop.getValue());
    }
    if (!tensors.skipped.isEmpty()) {
      tensors.metadata.put("onnx.skipped", String.join(", ", tensors.skipped));
    }
    return tensors;
  }

  List<StoredTensor> stored() {
    return stored;
  }

  Map<String, String> metadata() {
    return metadata;
  }

  /** Protobuf's recursion limit (100) bounds how deep subgraphs nest, so recursion is safe. */
  private void graph(GraphProto graph) throws CheckpointFormatException {
    for (TensorProto initializer : graph.getInitializerList()) {
      add(initializer.getName(), initializer);
    }
    for (NodeProto node : graph.getNodeList()) {
      boolean constant =
          node.getOpType().equals("Constant")
              && (node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"));
      for (AttributeProto attribute : node.getAttributeList()) {
        if (constant && node.getOutputCount() > 0) {
          constant(node.getOutput(0), attribute);
        }
        if (attribute.hasG()) {
          graph(attribute.getG());
        }
        for (GraphProto subgraph : attribute.getGraphsList()) {
          graph(subgraph);
        }
      }
    }
  }

  private void constant(String output, AttributeProto attribute)
      throws CheckpointFormatException {
    switch (attribute.getName()) {
      case "value" -> add(output, attribute.getT());
      case "value_float" -> add(output, TensorProto.newBuilder().setDataType(1)
          .addFloatData(attribute.getF()).build());
      case "value_floats" -> add(output, TensorProto.newBuilder().setDataType(1)
          .addDims(attribute.getFloatsCount()).addAllFloatData(attribute.getFloatsList()).build());
      case "value_int" -> add(output, TensorProto.newBuilder().setDataType(7)
          .addInt64Data(attribute.getI()).build());
      case "value_ints" -> add(output, TensorProto.newBuilder().setDataType(7)
          .addDims(attribute.getIntsCount()).addAllInt64Data(attribute.getIntsList()).build());
      default -> {
        // sparse_value and string constants hold no dense weights
      }
    }
  }

  private void add(String storedName, TensorProto proto) throws CheckpointFormatException {
    String name = uniqueName(storedName);
    DType dtype = TYPES.get(proto.getDataType());
    if (dtype == null && (proto.getDataType() < 0 || proto.getDataType() > LAST_ONNX_TYPE)) {
      throw new CheckpointFormatException(location, name, Problem.UNKNOWN_DTYPE,
          "data_type " + proto.getDataType() + " is no ONNX tensor type (0 to " + LAST_ONNX_TYPE + ")");
    }
    if (dtype == null) {
      skipped.add(name + " (data type " + proto.getDataType() + ")");
      return;
    }
    List<Long> shape = new ArrayList<>();
    for (long d : proto.getDimsList()) {
      if (d < 0) {
        throw bad(name, "negative dimension in " + proto.getDimsList());
      }
      shape.add(d);
    }
    if (proto.hasSegment()) {
      throw new CheckpointFormatException(
          location, name, Problem.UNSUPPORTED, "tensors stored in segments are not read");
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, location);
    long elements;
    long bytes;
    try {
      elements = info.elementCount();
      bytes = info.byteCount();
    } catch (ArithmeticException overflow) {
      throw new CheckpointFormatException(
          location, name, Problem.SHAPE_MISMATCH, "shape " + shape + " overflows 64 bits");
    }
    Storage storage = storage(info, proto, elements, bytes);
    stored.add(new StoredTensor(info, StridedLayout.rowMajor(shape, 0), storage));
  }

  /** The name, or the first free {@code name#2}, {@code name#3}, ... when it is taken. */
  private String uniqueName(String storedName) {
    String name = storedName;
    for (int n = 2; !taken.add(name); n++) {
      name = storedName + "#" + n;
    }
    return name;
  }

  private Storage storage(TensorInfo info, TensorProto proto, long elements, long bytes)
      throws CheckpointFormatException {
    if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      return externalStorage(info, proto, bytes);
    }
    if (!proto.getRawData().isEmpty() || elements == 0) {
      ByteString raw = proto.getRawData();
      if (raw.size() != bytes) {
        throw mismatch(info, "raw_data holds " + raw.size() + " bytes, the shape needs " + bytes);
      }
      return new ByteStringStorage(raw, info.dtype());
    }
    return switch (info.dtype()) {
      case F32 -> typed(info, proto.getFloatDataCount(), elements, "float_data",
          (first, into, offset, count) -> {
            for (int i = 0; i < count; i++) {
              into[offset + i] = proto.getFloatData((int) first + i);
            }
          });
      case F64 -> typed(info, proto.getDoubleDataCount(), elements, "double_data",
          (first, into, offset, count) -> {
            for (int i = 0; i < count; i++) {
              into[offset + i] = proto.getDoubleData((int) first + i);
            }
          });
      case F16, BF16 -> typed(info, proto.getInt32DataCount(), elements, "int32_data",
          (first, into, offset, count) -> {
            MiniFloat format = info.dtype() == DType.F16 ? MiniFloat.F16 : MiniFloat.BF16;
            for (int i = 0; i < count; i++) {
              into[offset + i] = format.decode(proto.getInt32Data((int) first + i) & 0xFFFF);
            }
          });
      // integer tensors are listed, never decoded
      default -> tensor -> (first, into, offset, count) -> {};
    };
  }

  private Storage typed(
      TensorInfo info, int count, long elements, String field, ElementSource source)
      throws CheckpointFormatException {
    if (count != elements) {
      throw mismatch(info, field + " holds " + count + " values, the shape needs " + elements);
    }
    return tensor -> source;
  }

  private Storage externalStorage(TensorInfo info, TensorProto proto, long bytes)
      throws CheckpointFormatException {
    Map<String, String> keys = new HashMap<>();
    for (StringStringEntryProto entry : proto.getExternalDataList()) {
      keys.put(entry.getKey(), entry.getValue());
    }
    String path = keys.get("location");
    if (path == null || !insideModelDirectory(path)) {
      throw bad(info.name(), "external data location '" + path
          + "' is not a relative path below the model's directory");
    }
    long offset = number(info, keys, "offset", 0);
    long length = number(info, keys, "length", bytes);
    if (length != bytes) {
      throw mismatch(info, "external data length " + length + ", the shape needs " + bytes);
    }
    String externalLocation;
    try {
      externalLocation = files.resolveInside(location, path);
    } catch (IOException e) {
      throw new CheckpointFormatException(location, info.name(), Problem.OUT_OF_RANGE,
          "external data location '" + path + "' is refused: " + e.getMessage(), e);
    }
    InputFile file = external.get(externalLocation);
    if (file == null) {
      file = Readers.open(files, externalLocation);
      resources.add(file);
      external.put(externalLocation, file);
    }
    long fileLength;
    try {
      fileLength = file.length();
    } catch (IOException e) {
      throw Readers.ioFailure(externalLocation, info.name(), e);
    }
    if (offset > fileLength || bytes > fileLength - offset) {
      throw new CheckpointFormatException(
          externalLocation,
          info.name(),
          offset > fileLength ? Problem.OUT_OF_RANGE : Problem.TRUNCATED,
          "bytes [%d, +%d) lie beyond the %d-byte file".formatted(offset, bytes, fileLength));
    }
    return new FileStorage(file, offset, info.dtype(), ByteOrder.LITTLE_ENDIAN);
  }

  private long number(TensorInfo info, Map<String, String> keys, String key, long absent)
      throws CheckpointFormatException {
    String value = keys.get(key);
    if (value == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw bad(info.name(), "external data " + key + " '" + value + "' is not a byte count");
  }

  /** Relative, without parent steps, drive letters, URIs or backslashes: no escaping the model. */
  static boolean insideModelDirectory(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0
        || path.indexOf(':') >= 0 || path.indexOf('\0') >= 0) {
      return false;
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals("..") || part.equals(".")) {
        return false;
      }
    }
    return true;
  }

  private CheckpointFormatException bad(String tensor, String detail) {
    return new CheckpointFormatException(location, tensor, Problem.BAD_HEADER, detail);
  }

  private CheckpointFormatException mismatch(TensorInfo info, String detail) {
    return new CheckpointFormatException(location, info.name(), Problem.SHAPE_MISMATCH, detail);
  }

  /** Little-endian elements in a protobuf byte string (a view of the model's buffer). */
  private record ByteStringStorage(ByteString raw, DType dtype) implements Storage {
    @Override
    public ElementSource elements(TensorInfo tensor) {
      return (first, into, offset, count) -> {
        int size = dtype.byteSize();
        int chunkElements = RawFloats.CHUNK_BYTES / size;
        byte[] chunk = new byte[Math.min(count, chunkElements) * size];
        for (int done = 0; done < count; ) {
          int n = Math.min(chunkElements, count - done);
          raw.copyTo(chunk, (int) ((first + done) * size), 0, n * size);
          RawFloats.decode(dtype, chunk, 0, into, offset + done, n);
          done += n;
        }
      };
    }
  }
}
