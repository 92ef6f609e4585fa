package org.htsr.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.LocalInputFiles;
import org.htsr.linalg.GramEigenSolver;
import org.htsr.linalg.LayerSpectra;
import org.htsr.linalg.MatrixViews;
import org.htsr.model.LayerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One network has the same spectra whatever its format: every fixture of lenet5 and mlp2 —
 * PyTorch zip, legacy and Hugging Face .bin, NumPy stored and deflated, ONNX, Keras HDF5 in
 * TensorFlow layout — goes through the same planner, matrix views and solver as the safetensors
 * file, and each layer's eigenvalues agree within 1e-12·λmax. Readers return stored layouts; the
 * planner makes the same matrices up to transposition.
 */
class FormatSpectraTest {

  private static final double TOLERANCE = 1e-12;

  private static final Map<String, List<String>> FILES =
      Map.of(
          "lenet5",
          List.of("lenet5_zip.pt", "lenet5_legacy.pt", "lenet5.npz", "lenet5_compressed.npz",
              "lenet5.onnx", "lenet5_keras.h5", "lenet5_keras_weights.h5"),
          "mlp2",
          List.of("mlp2_zip.pt", "mlp2_legacy.pt", "mlp2_pytorch_model.bin", "mlp2.npz",
              "mlp2_compressed.npz", "mlp2.onnx", "mlp2_keras.h5"));

  @TestFactory
  Stream<DynamicTest> everyFormatGivesTheSafetensorsSpectra() throws Exception {
    Map<String, Map<String, double[]>> reference = new LinkedHashMap<>();
    for (String model : FILES.keySet()) {
      reference.put(model, spectra(model + ".safetensors"));
    }
    return FILES.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(file -> Map.entry(e.getKey(), file)))
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getValue(),
                    () -> {
                      Map<String, double[]> expected = reference.get(entry.getKey());
                      Map<String, double[]> actual = spectra(entry.getValue());
                      assertEquals(expected.keySet(), actual.keySet());
                      for (String layer : expected.keySet()) {
                        double[] want = expected.get(layer);
                        double[] got = actual.get(layer);
                        assertEquals(want.length, got.length, layer);
                        double lambdaMax = want[want.length - 1];
                        assertTrue(lambdaMax > 0, layer);
                        for (int i = 0; i < want.length; i++) {
                          assertEquals(want[i], got[i], TOLERANCE * lambdaMax,
                              layer + " eigenvalue " + i);
                        }
                      }
                    }));
  }

  /** Each layer's pooled eigenvalues, ascending, by layer name ("conv1", "fc2", ...). */
  private static Map<String, double[]> spectra(String fixture) throws Exception {
    Path path = org.htsr.testing.SharedData.resolve("fixtures/" + fixture);
    LayerPlanner planner =
        new LayerPlanner(
            new LayerSelection(Pooling.POOLED, 1, OptionalLong.empty(), OptionalLong.empty()));
    GramEigenSolver solver = new GramEigenSolver();
    Map<String, double[]> spectra = new LinkedHashMap<>();
    try (CheckpointReader reader = CheckpointFormats.open(path.toString(), new LocalInputFiles())) {
      for (LayerSpec spec : planner.plan(reader.tensors()).specs()) {
        double[] values = reader.load(spec.tensor()).values();
        double[] eigenvalues =
            LayerSpectra.compute(MatrixViews.matrices(spec, values), spec.n(), solver)
                .eigenvalues()
                .clone();
        Arrays.sort(eigenvalues);
        spectra.put(layer(spec.tensor().name()), eigenvalues);
      }
    }
    return spectra;
  }

  /** "model.fc1.weight", "fc1.weight" and "fc1/kernel:0" are all layer "fc1". */
  private static String layer(String tensor) {
    String name = tensor.startsWith("model.") ? tensor.substring("model.".length()) : tensor;
    int end = name.indexOf(name.contains("/") ? '/' : '.');
    return name.substring(0, end);
  }
}
