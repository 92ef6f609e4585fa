package org.htsr.io.torch;

import org.htsr.io.CheckpointFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * Finds the model's tensors in what a {@code torch.save} file holds: a state dict itself, or a
 * training checkpoint that keeps it under a conventional key ({@code {"state_dict": …,
 * "optimizer": …}}, {@code {"model": …}}). Optimizer state and other entries are ignored.
 */
final class TorchStateDict {

  /** Where checkpoints keep the model's state dict, in the order they are tried. */
  static final List<String> MODEL_KEYS =
      List.of("state_dict", "model_state_dict", "model", "module", "net", "network");

  private static final int MAX_DEPTH = 4;

  private TorchStateDict() {}

  /** The named tensors, in the dict's order. */
  static Map<String, TorchTensorRef> find(String location, Object root)
      throws CheckpointFormatException {
    Object node = root;
    for (int depth = 0; depth <= MAX_DEPTH && node instanceof Map<?, ?> map; depth++) {
      Map<String, TorchTensorRef> tensors = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (entry.getKey() instanceof String name && entry.getValue() instanceof TorchTensorRef t) {
          tensors.put(name, t);
        }
      }
      if (!tensors.isEmpty()) {
        return tensors;
      }
      node = MODEL_KEYS.stream().map(map::get).filter(Map.class::isInstance).findFirst()
          .orElse(null);
    }
    throw new CheckpointFormatException(
        location,
        null,
        Problem.UNSUPPORTED,
        "no state dict: the pickle holds " + Pickles.typeOf(root)
            + " with no tensors at the top level or under " + MODEL_KEYS);
  }
}
