package org.htsr.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.model.DType;

/**
 * The fixtures' expected tensors, from {@code fixtures/expected.json} (written by the fixture
 * generator with numpy): per model, each tensor's shape, dtype, sha256 of its stored little-endian
 * bytes, sum, Frobenius norm and first values.
 */
public final class ExpectedTensors {

  record Expected(
      String name,
      DType dtype,
      List<Long> shape,
      String sha256,
      double sum,
      double froNorm,
      double[] firstValues) {}

  private static final Map<String, DType> TORCH_DTYPES =
      Map.of(
          "float64",
          DType.F64,
          "float32",
          DType.F32,
          "float16",
          DType.F16,
          "bfloat16",
          DType.BF16,
          "int64",
          DType.I64);

  private static JsonNode root;

  private ExpectedTensors() {}

  /** PyTorch name to Keras name ({@code conv1.weight} → {@code conv1/kernel:0}). */
  public static Map<String, String> kerasNames(String model) {
    Map<String, String> names = new LinkedHashMap<>();
    root().path("files").path(model).path("keras_names").properties()
        .forEach(e -> names.put(e.getKey(), e.getValue().textValue()));
    return names;
  }

  private static synchronized JsonNode root() {
    if (root == null) {
      try {
        root = new ObjectMapper().readTree(SharedFiles.path("fixtures/expected.json").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** The tensors of {@code model} ("lenet5", "mlp2", "edge_cases"), in the file's order. */
  public static Map<String, Expected> of(String model) {
    Map<String, Expected> tensors = new LinkedHashMap<>();
    root().path("files")
        .path(model)
        .path("tensors")
        .properties()
        .forEach(
            entry -> {
              JsonNode t = entry.getValue();
              List<Long> shape = new ArrayList<>();
              t.path("shape").forEach(d -> shape.add(d.longValue()));
              double[] first = new double[t.path("first_values").size()];
              for (int i = 0; i < first.length; i++) {
                first[i] = t.path("first_values").get(i).doubleValue();
              }
              DType dtype = TORCH_DTYPES.get(t.path("torch_dtype").textValue());
              tensors.put(
                  entry.getKey(),
                  new Expected(
                      entry.getKey(),
                      dtype,
                      shape,
                      t.path("sha256_le_c_order").textValue(),
                      t.path("sum").doubleValue(),
                      t.path("fro_norm").doubleValue(),
                      first));
            });
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("no tensors for model " + model + " in expected.json");
    }
    return tensors;
  }
}
