package org.htsr.io.metadata;

import java.util.List;
import java.util.Map;
import org.htsr.io.InputFiles;

/**
 * The checkpoint reader's own metadata, read with the header: safetensors {@code __metadata__},
 * Lightning's top-level {@code epoch}/{@code global_step}/{@code hyper_parameters.*}, ONNX
 * {@code metadata_props}, Keras HDF5 attributes. {@code global_step} (or {@code step}) also gives
 * {@code step}.
 */
public final class FileMetadataReader implements MetadataReader {

  @Override
  public MetadataSource source() {
    return MetadataSource.FILE;
  }

  @Override
  public List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) {
    Entries out = new Entries(source());
    for (Map.Entry<String, String> e : checkpoint.fileMetadata().entrySet()) {
      out.add(e.getKey(), e.getValue());
    }
    for (String stepKey : List.of("global_step", "step")) {
      String v = out.get(stepKey);
      if (v != null && !out.has("step") && v.trim().matches("\\d{1,18}")) {
        out.add("step", v.trim());
      }
    }
    return out.list();
  }
}
