package org.htsr.spark.hadoop;

import java.io.EOFException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.LocalInputFiles;

/** {@link InputFiles} over Hadoop's FileSystem: file://, hdfs://, s3a:// and plain paths. */
public final class HadoopInputFiles implements InputFiles {

  private final Configuration conf;

  public HadoopInputFiles(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public InputFile open(String location) throws IOException {
    Path path = new Path(location);
    FileSystem fs = fileSystemFor(path, conf);
    if (isLocal(fs)) {
      // a FIFO would block the open forever: regular files only
      LocalInputFiles.requireRegularFile(localPath(fs, path));
    }
    return new HadoopInputFile(location, fs, path);
  }

  @Override
  public String resolveInside(String location, String relative) throws IOException {
    String sibling = resolveSibling(location, relative);
    Path path = new Path(location);
    FileSystem fs = fileSystemFor(path, conf);
    if (isLocal(fs)) {
      LocalInputFiles.requireInside(localPath(fs, path).toAbsolutePath().getParent(), localPath(fs, new Path(sibling)));
    }
    return sibling;
  }

  private static boolean isLocal(FileSystem fs) {
    return "file".equals(fs.getUri().getScheme()); // RawLocalFileSystem has no getScheme()
  }

  private static java.nio.file.Path localPath(FileSystem fs, Path path) {
    return java.nio.file.Path.of(fs.makeQualified(path).toUri());
  }

  /**
   * The file system to read {@code path} from. Local reads skip Hadoop's checksum layer:
   * checkpoints carry no .crc files (Hadoop's own writers make them), yet its input checker still
   * copies every read through small buffers, which doubled the read time of the 1,000-checkpoint
   * zoo (docs/benchmarks.md C.4). The readers validate every structure they read.
   */
  public static FileSystem fileSystemFor(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  @Override
  public String resolveSibling(String location, String name) {
    return new Path(new Path(location).getParent(), name).toString();
  }

  /** Positioned reads through one lazily opened stream. */
  private static final class HadoopInputFile implements InputFile {
    private final String location;
    private final FileSystem fs;
    private final Path path;
    private FSDataInputStream stream;
    private long length = -1;

    HadoopInputFile(String location, FileSystem fs, Path path) {
      this.location = location;
      this.fs = fs;
      this.path = path;
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public long length() throws IOException {
      if (length < 0) {
        length = fs.getFileStatus(path).getLen();
      }
      return length;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int count) throws IOException {
      if (position < 0 || position + count > length()) {
        throw new EOFException(location + ": read of " + count + " bytes at " + position + " beyond length " + length());
      }
      if (stream == null) {
        stream = fs.open(path);
      }
      stream.readFully(position, buffer, offset, count);
    }

    @Override
    public void close() throws IOException {
      if (stream != null) {
        stream.close();
      }
    }
  }
}
