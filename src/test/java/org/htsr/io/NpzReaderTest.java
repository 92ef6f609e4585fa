package org.htsr.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class NpzReaderTest extends CheckpointReaderContract {

  @Override
  protected CheckpointFormat format() {
    return new NpzFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5.npz", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2.npz", "mlp2", Set.of()),
        Fixture.shared("fixtures/lenet5_compressed.npz", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2_compressed.npz", "mlp2", Set.of()));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    return new ArrayList<>();
  }
}
