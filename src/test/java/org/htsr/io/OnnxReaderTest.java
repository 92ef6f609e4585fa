package org.htsr.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class OnnxReaderTest extends CheckpointReaderContract {

  @Override
  protected CheckpointFormat format() {
    return new OnnxFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5.onnx", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2.onnx", "mlp2", Set.of()));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    return new ArrayList<>();
  }
}
