package org.htsr.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * Rewrites any checkpoint htsr reads (for example the all-MiniLM-L6 ONNX model) as one F32
 * safetensors file with the same tensor names, shapes and values, so that WeightWatcher (which
 * reads safetensors) and htsr analyse the same bytes side by side. Only floating-point tensors of
 * rank ≥ 2 are kept: the others are never layers for either tool.
 *
 * <pre>ToSafetensors --in FILE --out FILE.safetensors</pre>
 */
public final class ToSafetensors {

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Path in = Path.of(opt.get("in"));
    Path out = Path.of(opt.get("out"));
    SafetensorsWriter writer = new SafetensorsWriter().metadata("converted_from", in.getFileName().toString());
    int kept = 0;
    try (CheckpointReader reader = CheckpointFormats.open(in.toString(), new LocalInputFiles())) {
      for (TensorInfo t : reader.tensors()) {
        if (t.rank() < 2 || !t.dtype().isAnalysable()) {
          continue;
        }
        writer.add(t.name(), DType.F32, t.shape(), reader.load(t).values());
        kept++;
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      writer.writeTo(os);
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println("wrote " + out + ": " + kept + " tensors (" + Files.size(out) + " bytes) from " + in);
  }
}
