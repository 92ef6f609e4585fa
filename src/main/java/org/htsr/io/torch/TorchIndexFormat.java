package org.htsr.io.torch;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.HeaderJson;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.FormatDetection;
import org.htsr.io.Readers;
import org.htsr.io.safetensors.SafetensorsIndex;
import org.htsr.io.safetensors.SafetensorsIndexReader;
import java.io.IOException;
import java.util.List;

/**
 * A sharded PyTorch checkpoint opened through its Hugging Face index ({@code
 * pytorch_model.bin.index.json}): the same JSON as a safetensors index, whose {@code weight_map}
 * names {@code torch.save} shards ({@code pytorch_model-00001-of-00002.bin}) next to it, each read
 * as zip or legacy by its magic. Both kinds of index are JSON objects with a weight map, so this
 * one is told apart by its name: {@code *.bin.index.json}, {@code *.pt.index.json}, {@code
 * *.pth.index.json}.
 */
public final class TorchIndexFormat implements CheckpointFormat {

  private static final List<String> SHARD_EXTENSIONS = List.of(".bin", ".pt", ".pth");
  private static final List<CheckpointFormat> SHARD_FORMATS =
      List.of(new TorchZipFormat(), new TorchLegacyFormat());

  /** A shard opened in whichever torch.save format its bytes show. */
  private static final CheckpointFormat SHARD_FORMAT =
      new CheckpointFormat() {
        @Override
        public String name() {
          return "pytorch";
        }

        @Override
        public boolean matches(byte[] head, String location) {
          return SHARD_FORMATS.stream().anyMatch(f -> f.matches(head, location));
        }

        @Override
        public CheckpointReader open(String location, InputFiles files)
            throws CheckpointFormatException {
          return FormatDetection.open(location, files, SHARD_FORMATS);
        }
      };

  @Override
  public String name() {
    return "pytorch-index";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    return HeaderJson.startsWithObject(head) && SHARD_EXTENSIONS.stream().anyMatch(ext -> location.endsWith(ext + ".index.json"));
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    SafetensorsIndex index;
    try (InputFile file = Readers.open(files, location)) {
      index = SafetensorsIndex.read(file, SHARD_EXTENSIONS);
    } catch (IOException e) { // closing the index file
      throw Readers.ioFailure(location, null, e);
    }
    return SafetensorsIndexReader.open(location, files, index, SHARD_FORMAT);
  }
}
