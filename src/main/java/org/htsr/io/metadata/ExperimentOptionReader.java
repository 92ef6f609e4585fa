package org.htsr.io.metadata;

import java.io.Serializable;
import java.util.List;
import org.htsr.io.InputFiles;

/** {@code --experiment NAME}: every checkpoint of the run belongs to that experiment. */
public record ExperimentOptionReader(String experiment) implements MetadataReader, Serializable {

  @Override
  public MetadataSource source() {
    return MetadataSource.OPTION;
  }

  @Override
  public List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) {
    Entries out = new Entries(source());
    out.add("experiment", experiment);
    return out.list();
  }
}
