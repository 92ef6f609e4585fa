package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormatException;
import org.htsr.io.HeaderJson;
import org.htsr.io.InputFile;
import org.htsr.io.Readers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * A sharded checkpoint's index ({@code model.safetensors.index.json}, {@code
 * pytorch_model.bin.index.json}): {@code weight_map} from
 * tensor name to the shard file that holds it, and free-form {@code metadata}.
 *
 * @param weightMap in file order
 * @param metadata string values as they are, other values as JSON text
 */
public record SafetensorsIndex(Map<String, String> weightMap, Map<String, String> metadata) {

  /** The shard file names, each once, in order of first appearance in {@code weight_map}. */
  List<String> shards() {
    return List.copyOf(new LinkedHashSet<>(weightMap.values()));
  }

  /**
   * Reads and checks the index file, whose shards must be plain file names ending in one of
   * {@code shardExtensions}.
   */
  public static SafetensorsIndex read(InputFile file, List<String> shardExtensions)
      throws CheckpointFormatException {
    String location = file.location();
    byte[] json;
    try {
      long length = file.length();
      if (length > HeaderJson.MAX_BYTES) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.HEADER_TOO_LARGE,
            "index file of " + length + " bytes exceeds " + HeaderJson.MAX_BYTES);
      }
      json = new byte[(int) length];
      file.readFully(0, json, 0, json.length);
    } catch (IOException e) {
      throw Readers.ioFailure(location, null, e);
    }
    return parse(location, json, shardExtensions);
  }

  private static SafetensorsIndex parse(
      String location, byte[] json, List<String> shardExtensions)
      throws CheckpointFormatException {
    JsonNode root;
    try {
      root = HeaderJson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER, HeaderJson.describe(e), e);
    }
    if (root == null || !root.isObject() || !root.path("weight_map").isObject()) {
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER, "not a JSON object with a weight_map object");
    }
    Map<String, String> weightMap = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.get("weight_map").properties()) {
      weightMap.put(
          entry.getKey(),
          shardName(location, entry.getKey(), entry.getValue(), shardExtensions));
    }
    return new SafetensorsIndex(weightMap, metadata(location, root.path("metadata")));
  }

  /**
   * A shard must be a plain file name next to the index: no directories, parents, absolute paths or
   * URIs, so that an index cannot make the reader open files outside the checkpoint.
   */
  private static String shardName(
      String location, String tensor, JsonNode value, List<String> shardExtensions)
      throws CheckpointFormatException {
    String name = value.isTextual() ? value.textValue() : null;
    if (name == null
        || name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.chars().anyMatch(c -> c == '/' || c == '\\' || c == ':' || c < ' ')) {
      throw new CheckpointFormatException(
          location,
          tensor,
          Problem.BAD_HEADER,
          "shard " + value + " is not a plain file name in the index's directory");
    }
    if (shardExtensions.stream().noneMatch(name::endsWith)) {
      throw new CheckpointFormatException(
          location,
          tensor,
          Problem.UNSUPPORTED,
          "shard '" + name + "' is not a " + String.join(" or ", shardExtensions) + " file");
    }
    return name;
  }

  private static Map<String, String> metadata(String location, JsonNode node)
      throws CheckpointFormatException {
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER, "metadata is not an object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      metadata.put(entry.getKey(), value.isTextual() ? value.textValue() : value.toString());
    }
    return metadata;
  }
}
