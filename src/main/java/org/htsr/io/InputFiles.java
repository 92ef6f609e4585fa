package org.htsr.io;

import java.io.IOException;

/**
 * Opens files by location. Local paths and Hadoop FileSystem URIs implement this; sharded
 * checkpoints use {@link #resolveSibling} to find their shards next to the index file.
 */
public interface InputFiles {

  InputFile open(String location) throws IOException;

  /** The location of {@code name} in the same directory as {@code location}. */
  String resolveSibling(String location, String name);
}
