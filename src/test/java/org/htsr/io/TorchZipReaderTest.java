package org.htsr.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class TorchZipReaderTest extends CheckpointReaderContract {

  @Override
  protected CheckpointFormat format() {
    return new TorchZipFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5_zip.pt", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2_zip.pt", "mlp2", Set.of()),
        Fixture.shared("fixtures/edge_cases_zip.pt", "edge_cases", Set.of()),
        Fixture.shared(
            "fixtures/mlp2_pytorch_model.bin", "mlp2", Set.of(), StoredAs.prefixed("model.")));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    return new ArrayList<>();
  }
}
