package org.htsr.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class TorchLegacyReaderTest extends CheckpointReaderContract {

  @Override
  protected CheckpointFormat format() {
    return new TorchLegacyFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5_legacy.pt", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2_legacy.pt", "mlp2", Set.of()),
        Fixture.shared("fixtures/edge_cases_legacy.pt", "edge_cases", Set.of()));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    return new ArrayList<>();
  }
}
