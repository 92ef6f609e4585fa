package org.htsr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFiles;
import org.htsr.io.LocalInputFiles;
import org.htsr.model.TensorInfo;
import org.htsr.spark.hadoop.HadoopInputFiles;

/**
 * Benchmark C, the read path: every tensor of the first {@code --files} checkpoints under
 * {@code --dir} read and decoded to doubles, through java.nio ({@link LocalInputFiles}, the
 * baseline), Hadoop's checksummed local file system, and its raw one ({@link HadoopInputFiles}
 * since it skips the checksum layer for local files). All in this JVM, {@code --reps} rounds.
 *
 * <pre>
 * ReadPathBench --dir /tmp/zoo [--files 300] [--reps 3]
 * </pre>
 */
public final class ReadPathBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = Bench.options(args);
    Bench.printHeader("ReadPathBench", args);
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Path.of(opt.get("dir")))) {
      s.filter(p -> p.toString().endsWith(".safetensors")).sorted().limit(Long.parseLong(opt.getOrDefault("files", "300")))
          .forEach(p -> files.add(p.toAbsolutePath().toString()));
    }
    Configuration checksummed = new Configuration();
    checksummed.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
    checksummed.setBoolean("fs.file.impl.disable.cache", true);
    Configuration htsr = new Configuration();
    for (int rep = 1; rep <= Integer.parseInt(opt.getOrDefault("reps", "3")); rep++) {
      for (String mode : List.of("java.nio", "hadoop-checksummed", "htsr-hadoop")) {
        InputFiles in = switch (mode) {
          case "java.nio" -> new LocalInputFiles();
          case "hadoop-checksummed" -> new ChecksummedReads(checksummed);
          default -> new HadoopInputFiles(htsr);
        };
        long t0 = System.nanoTime();
        long open = 0;
        long read = 0;
        long elements = 0;
        for (String f : files) {
          long o0 = System.nanoTime();
          try (CheckpointReader r = CheckpointFormats.open(mode.equals("java.nio") ? f : "file:" + f, in)) {
            List<TensorInfo> tensors = r.tensors();
            open += System.nanoTime() - o0;
            for (TensorInfo t : tensors) {
              long r0 = System.nanoTime();
              elements += r.read(t, 0, Math.toIntExact(t.elementCount())).length;
              read += System.nanoTime() - r0;
            }
          }
        }
        System.out.printf(Locale.ROOT, "rep %d %-20s total %.2f s, open+header %.2f s, read %.2f s, %d elements, load %s%n",
            rep, mode, (System.nanoTime() - t0) / 1e9, open / 1e9, read / 1e9, elements, Bench.loadavg());
      }
    }
    Bench.printFooter();
  }

  /** Hadoop's checksummed local file system as it is, for the comparison (HadoopInputFiles unwraps it). */
  private static final class ChecksummedReads implements InputFiles {
    private final Configuration conf;

    ChecksummedReads(Configuration conf) {
      this.conf = conf;
    }

    @Override
    public org.htsr.io.InputFile open(String location) throws java.io.IOException {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
      org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(conf);
      org.apache.hadoop.fs.FSDataInputStream stream = fs.open(path);
      long length = fs.getFileStatus(path).getLen();
      return new org.htsr.io.InputFile() {
        @Override
        public String location() {
          return location;
        }

        @Override
        public long length() {
          return length;
        }

        @Override
        public void readFully(long position, byte[] buffer, int offset, int count) throws java.io.IOException {
          stream.readFully(position, buffer, offset, count);
        }

        @Override
        public void close() throws java.io.IOException {
          stream.close();
        }
      };
    }

    @Override
    public String resolveSibling(String location, String name) {
      return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(location).getParent(), name).toString();
    }
  }
}
