package org.htsr.io.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.htsr.io.InputFiles;

/**
 * {@code training_args.json} (the hyperparameters) in the checkpoint's folder or its run folder,
 * flattened. {@code batch_size} is added from Hugging Face's {@code per_device_train_batch_size}
 * (or {@code train_batch_size}) when the file has none, so that one key compares runs.
 */
public final class TrainingArgsReader implements MetadataReader {

  @Override
  public MetadataSource source() {
    return MetadataSource.TRAINING_ARGS;
  }

  @Override
  public List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) throws IOException {
    Optional<JsonNode> args = SidecarJson.besideOrAbove(checkpoint, files, "training_args.json");
    Entries out = new Entries(source());
    if (args.isEmpty() || !args.get().isObject()) {
      return out.list();
    }
    out.addJson("", args.get(), 0);
    for (String alias : List.of("per_device_train_batch_size", "train_batch_size")) {
      if (!out.has("batch_size") && out.has(alias)) {
        out.add("batch_size", out.get(alias));
      }
    }
    return out.list();
  }
}
