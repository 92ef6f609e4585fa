package org.htsr.io.metadata;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.htsr.io.InputFiles;

/**
 * Gathers a checkpoint's metadata from every source, on the driver while its header is planned.
 * A source that fails (an unreadable trainer_state.json, a bug) becomes one
 * {@code htsr.metadata_error} entry of that source: metadata never fails the analysis.
 */
public final class MetadataCollector implements Serializable {

  private static final long serialVersionUID = 1L;
  public static final String ERROR_KEY = "htsr.metadata_error";

  private final Manifest manifest;
  private final String experiment;

  /**
   * @param manifest the {@code --manifest}, or null
   * @param experiment the {@code --experiment} name, or null
   */
  public MetadataCollector(Manifest manifest, String experiment) {
    this.manifest = manifest;
    this.experiment = experiment == null || experiment.isBlank() ? null : experiment.trim();
  }

  /** No manifest, no experiment: trainer files, file metadata and path only. */
  public static MetadataCollector standard() {
    return new MetadataCollector(null, null);
  }

  List<MetadataReader> readers() {
    List<MetadataReader> readers = new ArrayList<>();
    if (manifest != null) {
      readers.add(manifest);
    }
    if (experiment != null) {
      readers.add(new ExperimentOptionReader(experiment));
    }
    readers.add(new TrainerStateReader());
    readers.add(new TrainingArgsReader());
    readers.add(new ModelConfigReader());
    readers.add(new FileMetadataReader());
    readers.add(new PathMetadataReader());
    readers.sort(Comparator.comparingInt(r -> r.source().ordinal()));
    return readers;
  }

  public CheckpointMetadata collect(CheckpointLocation checkpoint, InputFiles files) {
    List<MetadataEntry> entries = new ArrayList<>();
    for (MetadataReader reader : readers()) {
      try {
        entries.addAll(reader.read(checkpoint, files));
      } catch (Exception e) { // IOException, a hostile file's parse error, or a bug: recorded, never thrown
        entries.add(new MetadataEntry(ERROR_KEY, MetadataLimits.value(String.valueOf(e.getMessage())), reader.source()));
      }
    }
    return new CheckpointMetadata(entries);
  }
}
