package org.htsr.io.metadata;

import java.io.IOException;
import java.util.List;
import org.htsr.io.InputFiles;

/**
 * One source of checkpoint metadata. Contract: every entry has {@link #source()}, keys are unique
 * and within {@link MetadataLimits}, an absent file gives no entries (not an error), and a
 * malformed one gives an exception the collector records; nothing a file holds is executed.
 */
public interface MetadataReader {

  MetadataSource source();

  List<MetadataEntry> read(CheckpointLocation checkpoint, InputFiles files) throws IOException;
}
