package org.htsr.io.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.htsr.io.InputFiles;

/** Hugging Face {@code config.json} in the checkpoint's folder or its run folder, flattened. */
public final class ModelConfigReader implements MetadataReader {

  @Override
  public MetadataSource source() {
    return MetadataSource.MODEL_CONFIG;
  }

  @Override
  public List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) throws IOException {
    Optional<JsonNode> config = SidecarJson.besideOrAbove(checkpoint, files, "config.json");
    Entries out = new Entries(source());
    if (config.isPresent() && config.get().isObject()) {
      out.addJson("", config.get(), 0);
    }
    return out.list();
  }
}
