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

  /**
   * The location of {@code relative} (a path already free of {@code ..} steps) below the directory
   * of {@code location}, for files a model names (ONNX external data). Where the file system has
   * symbolic links, they are resolved and the real path must stay below the real directory: a
   * link to {@code /etc/passwd} or {@code ../outside} is an {@link IOException}, never read.
   */
  default String resolveInside(String location, String relative) throws IOException {
    return resolveSibling(location, relative);
  }
}
