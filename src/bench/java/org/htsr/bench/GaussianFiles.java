package org.htsr.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;

/**
 * Writes Gaussian layers like those of reference/ww/timing: one F32 tensor per file, PyTorch
 * (out, in) shape, entries N(0, 1/N) with N = max(out, in), seeded.
 *
 * <pre>GaussianFiles --out DIR [--shapes 4096x4096,4096x11008] [--seed 0]</pre>
 */
public final class GaussianFiles {

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Path dir = Path.of(opt.getOrDefault("out", "target/bench/gauss"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "0"));
    for (Path p : write(dir, Bench.list(opt.getOrDefault("shapes", "4096x4096,4096x11008")), seed)) {
      System.out.println("wrote " + p + " (" + Files.size(p) + " bytes)");
    }
  }

  /** Writes gauss_OUTxIN.safetensors for each shape (unless present) and returns the paths. */
  static List<Path> write(Path dir, List<String> shapes, long seed) throws Exception {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (String shape : shapes) {
      int[] s = EigenBench.parseSize(shape);
      String stem = "gauss_" + s[0] + "x" + s[1];
      Path file = dir.resolve(stem + ".safetensors");
      out.add(file);
      if (Files.exists(file)) {
        continue;
      }
      double[] values = Bench.gaussianWeights(s[0], s[1], seed + 1000L * s[0] + s[1]);
      SafetensorsWriter writer = new SafetensorsWriter()
          .metadata("generator", "org.htsr.bench.GaussianFiles")
          .metadata("entries", "N(0, 1/" + Math.max(s[0], s[1]) + "), seed " + seed)
          .add(stem + ".weight", DType.F32, List.of((long) s[0], (long) s[1]), values);
      Path tmp = dir.resolve(stem + ".safetensors.tmp");
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
        writer.writeTo(os);
      }
      Files.move(tmp, file);
    }
    return out;
  }
}
