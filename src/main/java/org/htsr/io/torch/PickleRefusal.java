package org.htsr.io.torch;

import org.htsr.io.CheckpointFormatException;
import net.razorvine.pickle.PickleException;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * Why {@link TorchPickle} stopped: thrown from inside Pyrolite's dispatch loop (which only lets
 * unchecked exceptions through) and turned into a {@link CheckpointFormatException} at its edge.
 */
final class PickleRefusal extends PickleException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  PickleRefusal(Problem problem, String detail) {
    super(detail);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
