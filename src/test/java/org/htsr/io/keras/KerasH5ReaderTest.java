package org.htsr.io.keras;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.ExpectedTensors;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.SharedFiles;
import org.htsr.io.StoredAs;
import org.htsr.io.formats.CheckpointFormats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class KerasH5ReaderTest extends CheckpointReaderContract {

  @TempDir Path dir;

  @Override
  protected CheckpointFormat format() {
    return new KerasH5Format();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5_keras.h5", "lenet5", Set.of(),
            StoredAs.keras(ExpectedTensors.kerasNames("lenet5"))),
        Fixture.shared("fixtures/lenet5_keras_weights.h5", "lenet5", Set.of(),
            StoredAs.keras(ExpectedTensors.kerasNames("lenet5"))),
        Fixture.shared("fixtures/mlp2_keras.h5", "mlp2", Set.of(),
            StoredAs.keras(ExpectedTensors.kerasNames("mlp2"))));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    byte[] mlp2 = Files.readAllBytes(SharedFiles.path("fixtures/mlp2_keras.h5"));
    List<Malformed> cases = new ArrayList<>();
    cases.add(bad("empty file", new byte[0], Problem.TRUNCATED, null));
    cases.add(bad("cut in the superblock", Arrays.copyOf(mlp2, 40), Problem.TRUNCATED, null));
    cases.add(bad("cut in half", Arrays.copyOf(mlp2, mlp2.length / 2), Problem.TRUNCATED, null));
    cases.add(bad("cut by one byte", Arrays.copyOf(mlp2, mlp2.length - 1), Problem.TRUNCATED,
        null));
    cases.add(bad("not HDF5", "PK\u0003\u0004 not an hdf5 file".getBytes(),
        Problem.UNKNOWN_FORMAT, null));
    byte[] garbled = mlp2.clone();
    Arrays.fill(garbled, 96, 2048, (byte) 0xAB);
    cases.add(bad("garbage over the root group", garbled, Problem.BAD_HEADER, null));
    cases.add(bad("10^12 elements declared", tenToTheTwelve(mlp2), Problem.TOO_LARGE,
        "fc1/kernel:0"));
    cases.add(bad("layer_names naming a missing layer", missingLayer(), Problem.BAD_HEADER,
        null));
    return cases;
  }

  @Test
  void anHdf5FileWithoutKerasAttributesListsItsDatasetsByPath() throws Exception {
    Path path = dir.resolve("plain.h5");
    try (WritableHdfFile hdf = HdfFile.write(path)) {
      WritableGroup group = hdf.putGroup("layers");
      group.putDataset("dense", new float[][] {{1, 2, 3}, {4, 5, 6}});
      hdf.putDataset("scale", new double[] {0.5});
    }
    try (CheckpointReader reader = CheckpointFormats.open(path.toString(),
        new LocalInputFiles())) {
      List<String> names = reader.tensors().stream().map(TensorInfo::name).toList();
      assertEquals(Set.of("layers/dense", "scale"), Set.copyOf(names));
      TensorInfo dense = reader.tensors().get(names.indexOf("layers/dense"));
      assertEquals(List.of(2L, 3L), dense.shape());
      assertEquals(List.of(4.0, 5.0, 6.0),
          Arrays.stream(reader.read(dense, 3, 3)).boxed().toList());
    }
  }

  /** fc1's kernel [64,48] (dims and max dims, 8 bytes each) redeclared as [10^6, 10^6]. */
  private static byte[] tenToTheTwelve(byte[] file) {
    byte[] out = file.clone();
    byte[] dims = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(64).putLong(48)
        .array();
    byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000)
        .putLong(1_000_000).array();
    int replaced = 0;
    for (int i = 0; i + 16 <= out.length; i++) {
      if (Arrays.equals(out, i, i + 16, dims, 0, 16)) {
        System.arraycopy(huge, 0, out, i, 16);
        replaced++;
      }
    }
    assertEquals(2, replaced, "fc1's dataspace in mlp2_keras.h5");
    return out;
  }

  /** Written by jhdf (which writes to a path only) into a temporary file. */
  private static byte[] missingLayer() throws IOException {
    Path path = Files.createTempFile("htsr-missing-layer", ".h5");
    try {
      try (WritableHdfFile hdf = HdfFile.write(path)) {
        hdf.putAttribute("layer_names", new String[] {"dense", "ghost"});
        WritableGroup dense = hdf.putGroup("dense");
        dense.putAttribute("weight_names", new String[] {"dense/kernel:0"});
        dense.putGroup("dense").putDataset("kernel:0", new float[][] {{1, 2}, {3, 4}});
      }
      return Files.readAllBytes(path);
    } finally {
      Files.delete(path);
    }
  }

  private static Malformed bad(String description, byte[] bytes, Problem problem, String tensor) {
    String location = "malformed/" + description.replaceAll("[^A-Za-z0-9]+", "-") + ".h5";
    return Malformed.file(description, location, bytes, problem, tensor);
  }

  /**
   * jhdf's own words for valid HDF5 it does not read (its exception for External Data Files and
   * virtual storage, also when wrapped by its lazy loading) are UNSUPPORTED, not "corrupt HDF5".
   */
  @org.junit.jupiter.api.Test
  void featuresJhdfDoesNotReadAreUnsupportedNotCorrupt() {
    for (RuntimeException thrown : List.of(
        new io.jhdf.exceptions.UnsupportedHdfException("Encountered External Data Files Message, this is not supported by jHDF"),
        new io.jhdf.exceptions.HdfException("lazy load failed",
            new io.jhdf.exceptions.UnsupportedHdfException("Virtual storage is not supported")))) {
      CheckpointFormatException error = org.junit.jupiter.api.Assertions.assertThrows(CheckpointFormatException.class,
          () -> KerasH5Format.jhdf("m.h5", () -> {
            throw thrown;
          }));
      org.junit.jupiter.api.Assertions.assertEquals(CheckpointFormatException.Problem.UNSUPPORTED, error.problem());
      org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains("not supported by jHDF")
          || error.getMessage().contains("Virtual storage"), error.getMessage());
    }
  }
}
