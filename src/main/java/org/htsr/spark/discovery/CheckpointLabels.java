package org.htsr.spark.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run names checkpoints in its progress lines and summary: "model step N", or the model
 * alone. Two checkpoints that would print the same (a .pt and a .safetensors of one run) get
 * their file names added, and the full URI where even those agree.
 */
public final class CheckpointLabels {

  private final Map<String, String> byUri = new HashMap<>();

  public CheckpointLabels(List<CheckpointRef> refs) {
    Map<String, Integer> base = new HashMap<>();
    Map<String, Integer> withFile = new HashMap<>();
    for (CheckpointRef ref : refs) {
      base.merge(base(ref), 1, Integer::sum);
      withFile.merge(withFile(ref), 1, Integer::sum);
    }
    for (CheckpointRef ref : refs) {
      String label = base.get(base(ref)) == 1 ? base(ref)
          : withFile.get(withFile(ref)) == 1 ? withFile(ref)
          : base(ref) + " (" + ref.uri() + ")";
      byUri.put(ref.uri(), label);
    }
  }

  /** The label of a checkpoint of this run (one outside it gets its plain label). */
  public String of(CheckpointRef ref) {
    return byUri.getOrDefault(ref.uri(), base(ref));
  }

  private static String base(CheckpointRef ref) {
    return ref.step() == null ? ref.model() : ref.model() + " step " + ref.step();
  }

  private static String withFile(CheckpointRef ref) {
    String uri = ref.uri();
    return base(ref) + " (" + uri.substring(uri.lastIndexOf('/') + 1) + ")";
  }
}
