package org.htsr.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;

/**
 * Writes a zoo of realistic checkpoints for scale tests and benchmarks: training runs of
 * ResNet-shaped or small-transformer-shaped state dicts, stored as bf16 safetensors, whose spectra
 * drift across "training steps" from random-like to heavy-tailed.
 *
 * <p>Every matrix of a run is W(t) = (1 − t)·G + t·H with t = step/last step, G Gaussian with
 * variance 1/N (a random-like initialisation: Marchenko–Pastur) and H a fixed heavy-tailed matrix
 * (symmetric Pareto entries, tail exponent μ = 1.5, scaled to G's median magnitude), so the ESD
 * grows a power-law tail as the step grows, as in HT-SR's picture of training. The same seed gives
 * the same bytes.
 *
 * <p>Layout: {@code <out>/<kind>-run<r>/checkpoint-<step>/model.safetensors}.
 */
public final class ZooGenerator {

  /** Tail exponent of the heavy-tailed component (very heavy-tailed: α ≈ 1 + μ/2). */
  static final double PARETO_MU = 1.5;

  /** Checkpoint shapes. */
  public enum Kind {
    /** ResNet-18-like at half width: 3×3 convs at widths 16–128 and a classifier (≈ 0.7 M params, 1.4 MB). */
    RESNET,
    /** A 2-block transformer: width 256, MLP 1024, vocabulary 1024 (≈ 2.1 M params, 4.2 MB). */
    TRANSFORMER;

    List<Tensor> tensors() {
      List<Tensor> t = new ArrayList<>();
      if (this == RESNET) {
        t.add(new Tensor("conv1.weight", List.of(16L, 3L, 3L, 3L)));
        int in = 16;
        int stage = 1;
        for (int width : new int[] {16, 32, 64, 128}) {
          for (int block = 0; block < 2; block++) {
            String p = "layer" + stage + "." + block + ".";
            t.add(new Tensor(p + "conv1.weight", List.of((long) width, (long) in, 3L, 3L)));
            t.add(new Tensor(p + "conv2.weight", List.of((long) width, (long) width, 3L, 3L)));
            t.add(new Tensor(p + "bn1.weight", List.of((long) width)));
            if (in != width) {
              t.add(new Tensor(p + "downsample.0.weight", List.of((long) width, (long) in, 1L, 1L)));
            }
            in = width;
          }
          stage++;
        }
        t.add(new Tensor("fc.weight", List.of(100L, 128L)));
        t.add(new Tensor("fc.bias", List.of(100L)));
      } else {
        int d = 256;
        t.add(new Tensor("embed_tokens.weight", List.of(1024L, (long) d)));
        for (int layer = 0; layer < 2; layer++) {
          String p = "layers." + layer + ".";
          for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
            t.add(new Tensor(p + "self_attn." + proj + ".weight", List.of((long) d, (long) d)));
          }
          t.add(new Tensor(p + "mlp.up_proj.weight", List.of(4L * d, (long) d)));
          t.add(new Tensor(p + "mlp.down_proj.weight", List.of((long) d, 4L * d)));
          t.add(new Tensor(p + "input_layernorm.weight", List.of((long) d)));
        }
        t.add(new Tensor("lm_head.weight", List.of(1024L, (long) d)));
      }
      return t;
    }
  }

  record Tensor(String name, List<Long> shape) {
    int elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return Math.toIntExact(n);
    }

    /** The fan-in used for the Gaussian part's 1/N variance. */
    long fanIn() {
      return shape.size() == 1 ? 1 : shape.get(1) * (shape.size() == 4 ? shape.get(2) * shape.get(3) : 1);
    }
  }

  private ZooGenerator() {}

  /**
   * Writes {@code checkpoints} checkpoints: {@code runs} training runs of equally spaced steps.
   *
   * @return the files written
   */
  public static List<Path> generate(Path out, Kind kind, int checkpoints, int runs, long seed) {
    if (checkpoints < 1 || runs < 1 || runs > checkpoints) {
      throw new IllegalArgumentException("need 1 ≤ runs ≤ checkpoints, got runs=" + runs + " checkpoints=" + checkpoints);
    }
    List<Path> written = new ArrayList<>();
    List<Tensor> tensors = kind.tensors();
    for (int run = 0; run < runs; run++) {
      int steps = checkpoints / runs + (run < checkpoints % runs ? 1 : 0);
      double[][] gaussian = new double[tensors.size()][];
      double[][] heavy = new double[tensors.size()][];
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + run);
      for (int i = 0; i < tensors.size(); i++) {
        Tensor t = tensors.get(i);
        gaussian[i] = gaussian(t, random);
        heavy[i] = heavyTailed(t, gaussian[i], random);
      }
      for (int s = 0; s < steps; s++) {
        double progress = steps == 1 ? 1.0 : (double) s / (steps - 1);
        long step = 100L * s;
        Path file = out.resolve(String.format(Locale.ROOT, "%s-run%02d/checkpoint-%d/model.safetensors", kind.name().toLowerCase(Locale.ROOT), run, step));
        SafetensorsWriter writer = new SafetensorsWriter()
            .metadata("generator", "htsr ZooGenerator")
            .metadata("kind", kind.name())
            .metadata("seed", String.valueOf(seed))
            .metadata("heavy_tail_weight", String.valueOf(progress));
        for (int i = 0; i < tensors.size(); i++) {
          writer.add(tensors.get(i).name(), DType.BF16, tensors.get(i).shape(), blend(gaussian[i], heavy[i], progress));
        }
        write(file, writer);
        written.add(file);
      }
    }
    return written;
  }

  private static double[] gaussian(Tensor t, SplittableRandom random) {
    double[] v = new double[t.elements()];
    if (t.shape().size() == 1) {
      java.util.Arrays.fill(v, 1.0);
      return v;
    }
    double std = 1 / Math.sqrt(t.fanIn());
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian() * std;
    }
    return v;
  }

  /** Symmetric Pareto entries (tail μ), scaled so their median magnitude is the Gaussian's. */
  private static double[] heavyTailed(Tensor t, double[] gaussian, SplittableRandom random) {
    double[] v = new double[gaussian.length];
    if (t.shape().size() == 1) {
      System.arraycopy(gaussian, 0, v, 0, v.length);
      return v;
    }
    double gaussianMedian = 0.6745 / Math.sqrt(t.fanIn());
    double paretoMedian = Math.pow(2, 1 / PARETO_MU) - 1;
    double scale = gaussianMedian / paretoMedian;
    for (int i = 0; i < v.length; i++) {
      double magnitude = Math.pow(1 - random.nextDouble(), -1 / PARETO_MU) - 1;
      v[i] = (random.nextBoolean() ? scale : -scale) * magnitude;
    }
    return v;
  }

  private static double[] blend(double[] g, double[] h, double t) {
    double[] v = new double[g.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (1 - t) * g[i] + t * h[i];
    }
    return v;
  }

  private static void write(Path file, SafetensorsWriter writer) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        writer.writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static final String USAGE = """
      usage: jobs/make-zoo [--out DIR] [--kind resnet|transformer] [--checkpoints N] [--runs R] [--seed S]
        Writes R training runs of bf16 safetensors checkpoints (N in all) whose spectra drift from
        random-like to heavy-tailed, as DIR/<kind>-run<r>/checkpoint-<step>/model.safetensors.
        Defaults: --out data/zoo --kind transformer --checkpoints 100 --runs 10 --seed 1
        (100 transformer checkpoints are about 420 MB).
      """;

  /** {@code jobs/make-zoo --out DIR --kind resnet|transformer --checkpoints N --runs R --seed S}. */
  public static void main(String[] args) {
    int status = run(List.of(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the generator; returns the exit status: 0, or 2 for bad arguments (nothing written). */
  static int run(List<String> args, PrintStream stdout, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      stdout.print(USAGE);
      return 0;
    }
    Path out = Path.of("data/zoo");
    Kind kind = Kind.TRANSFORMER;
    int checkpoints = 100;
    int runs = 10;
    long seed = 1;
    try {
      for (int i = 0; i < args.size(); i += 2) {
        String option = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args.get(i + 1);
        switch (option) {
          case "--out" -> out = Path.of(value);
          case "--kind" -> kind = Kind.valueOf(value.toUpperCase(Locale.ROOT));
          case "--checkpoints" -> checkpoints = Integer.parseInt(value);
          case "--runs" -> runs = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (checkpoints < 1 || runs < 1) {
        throw new IllegalArgumentException("--checkpoints and --runs must be ≥ 1");
      }
    } catch (IllegalArgumentException e) {
      // NumberFormatException and an unknown --kind are IllegalArgumentExceptions too
      err.println("htsr make-zoo: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    long start = System.nanoTime();
    List<Path> files = generate(out, kind, checkpoints, runs, seed);
    long bytes = files.stream().mapToLong(f -> f.toFile().length()).sum();
    stdout.printf(Locale.ROOT, "wrote %d %s checkpoints (%.1f MB) under %s in %.1f s%n",
        files.size(), kind.name().toLowerCase(Locale.ROOT), bytes / 1e6, out, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
