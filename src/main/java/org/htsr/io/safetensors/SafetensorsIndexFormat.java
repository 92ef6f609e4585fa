package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.HeaderJson;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.Readers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A sharded safetensors checkpoint, opened through its index ({@code *.safetensors.index.json}): a
 * JSON object whose {@code weight_map} names the shards next to it. Recognised by a JSON object
 * that shows {@code "weight_map"} in its first bytes or, when that key comes later, by the {@code
 * .index.json} name.
 */
public final class SafetensorsIndexFormat implements CheckpointFormat {

  private static final String EXTENSION = ".index.json";
  private static final byte[] WEIGHT_MAP_KEY = "\"weight_map\"".getBytes(StandardCharsets.US_ASCII);
  private static final CheckpointFormat SHARD_FORMAT = new SafetensorsFormat();

  @Override
  public String name() {
    return "safetensors-index";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    return HeaderJson.startsWithObject(head) && (contains(head, WEIGHT_MAP_KEY) || location.endsWith(EXTENSION));
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    SafetensorsIndex index;
    try (InputFile file = Readers.open(files, location)) {
      index = SafetensorsIndex.read(file, List.of(".safetensors"));
    } catch (IOException e) { // closing the index file
      throw Readers.ioFailure(location, null, e);
    }
    return SafetensorsIndexReader.open(location, files, index, SHARD_FORMAT);
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}
