package org.htsr.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class KerasH5ReaderTest extends CheckpointReaderContract {

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
    return new ArrayList<>();
  }
}
