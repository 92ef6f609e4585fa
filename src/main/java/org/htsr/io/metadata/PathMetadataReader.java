package org.htsr.io.metadata;

import java.util.List;
import org.htsr.io.InputFiles;

/** What the path says: {@code run} (the model name from the path) and {@code step}, when it names one. */
public final class PathMetadataReader implements MetadataReader {

  @Override
  public MetadataSource source() {
    return MetadataSource.PATH;
  }

  @Override
  public List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) {
    Entries out = new Entries(source());
    if (checkpoint.model() != null) {
      out.add("run", checkpoint.model());
    }
    if (checkpoint.pathStep() != null) {
      out.add("step", checkpoint.pathStep().toString());
    }
    return out.list();
  }
}
