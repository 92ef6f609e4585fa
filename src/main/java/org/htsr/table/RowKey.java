package org.htsr.table;

import java.io.Serializable;
import java.util.Map;

/**
 * The identity columns every batch table shares for one checkpoint in one run.
 *
 * @param step training step, or null when the path names none
 */
public record RowKey(
    String runId, String model, String checkpoint, String checkpointId, Long step, String configHash)
    implements Serializable {

  void putInto(Map<String, Object> row) {
    row.put("run_id", runId);
    row.put("model", model);
    row.put("checkpoint", checkpoint);
    row.put("checkpoint_id", checkpointId);
    row.put("step", step);
    row.put("config_hash", configHash);
  }
}
