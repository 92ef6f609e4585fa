package org.htsr.io.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;

/** Reads a small JSON file beside a checkpoint, size- and depth-limited; absent is empty, not an error. */
final class SidecarJson {

  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
          .build())
      .build();

  private SidecarJson() {}

  /** The file's JSON tree, or empty when {@code location} does not exist. */
  static Optional<JsonNode> read(InputFiles files, String location) throws IOException {
    byte[] bytes;
    try (InputFile f = files.open(location)) {
      long length = f.length(); // remote file systems open lazily: absence shows here
      if (length > MetadataLimits.MAX_FILE_BYTES) {
        throw new IOException(location + ": " + length + " bytes, more than the " + MetadataLimits.MAX_FILE_BYTES + " read for metadata");
      }
      bytes = new byte[(int) length];
      f.readFully(0, bytes, 0, bytes.length);
    } catch (FileNotFoundException | NoSuchFileException absent) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.readTree(bytes));
    } catch (IOException e) {
      throw new IOException(location + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The file {@code name} found in the checkpoint's directory, then in its parent (the run folder). */
  static Optional<JsonNode> besideOrAbove(CheckpointLocation checkpoint, InputFiles files, String name) throws IOException {
    Optional<JsonNode> here = read(files, checkpoint.directory() + "/" + name);
    if (here.isPresent() || checkpoint.parentDirectory() == null) {
      return here;
    }
    return read(files, checkpoint.parentDirectory() + "/" + name);
  }
}
