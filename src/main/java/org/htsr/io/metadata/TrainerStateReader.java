package org.htsr.io.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.htsr.io.InputFiles;

/**
 * Hugging Face {@code trainer_state.json} in the checkpoint's folder ({@code checkpoint-N/}):
 * {@code global_step} (also as {@code step}), {@code epoch}, and every value of the
 * {@code log_history} entries logged at that step ({@code eval_*}, {@code loss},
 * {@code learning_rate}, …). Later entries of the same step win (the Trainer logs training, then
 * evaluation).
 */
public final class TrainerStateReader implements MetadataReader {

  @Override
  public MetadataSource source() {
    return MetadataSource.TRAINER_STATE;
  }

  @Override
  public List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) throws IOException {
    Optional<JsonNode> state = SidecarJson.read(files, checkpoint.directory() + "/trainer_state.json");
    Entries out = new Entries(source());
    if (state.isEmpty() || !state.get().isObject()) {
      return out.list();
    }
    JsonNode root = state.get();
    JsonNode step = root.get("global_step");
    if (step != null && step.isIntegralNumber()) {
      out.add("step", step.asText());
      out.add("global_step", step.asText());
    }
    if (root.has("epoch") && root.get("epoch").isNumber()) {
      out.add("epoch", root.get("epoch").asText());
    }
    JsonNode history = root.get("log_history");
    if (step != null && history != null && history.isArray()) {
      // newest entry first, so that with Entries' first-wins rule the last logged value is kept
      for (int i = history.size() - 1; i >= 0; i--) {
        JsonNode entry = history.get(i);
        if (entry.isObject() && entry.path("step").asLong(Long.MIN_VALUE) == step.asLong()) {
          for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) entry::fields) {
            if (!field.getKey().equals("step") && !field.getKey().equals("epoch") && field.getValue().isValueNode()) {
              out.add(field.getKey(), field.getValue().asText());
            }
          }
        }
      }
    }
    return out.list();
  }
}
