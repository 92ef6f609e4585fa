package org.htsr.io.numpy;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.FileStorage;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.StoredTensor;
import org.htsr.io.StoredTensorReader;
import org.htsr.io.ZipArchive;
import org.htsr.io.Readers;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.TensorInfo;

/**
 * One NumPy array ({@code .npy}): recognised by its magic {@code \x93NUMPY}. The file holds no
 * name, so the tensor is named after the file ({@code weights.npy} → {@code weights}).
 * Little- and big-endian, C and Fortran order.
 */
public final class NpyFormat implements CheckpointFormat {

  @Override
  public String name() {
    return "npy";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    return Readers.startsWith(head, NpyHeader.MAGIC);
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    return Readers.openAndRead(files, location, NpyFormat::read);
  }

  private static CheckpointReader read(InputFile file) throws CheckpointFormatException {
    String location = file.location();
    String name = stem(location);
    long length;
    try {
      length = file.length();
    } catch (IOException e) {
      throw Readers.ioFailure(location, null, e);
    }
    NpyHeader header =
        NpyHeader.read(location, name, new ZipArchive.RangeInputStream(file, 0, length));
    TensorInfo info = header.info(name, location);
    if (info.byteCount() > length - header.headerBytes()) {
      throw new CheckpointFormatException(
          location,
          name,
          Problem.TRUNCATED,
          "%s %s needs %d bytes after the header; the file has %d"
              .formatted(info.dtype(), info.shape(), info.byteCount(),
                  length - header.headerBytes()));
    }
    StoredTensor tensor =
        new StoredTensor(
            info,
            header.layout(),
            new FileStorage(file, header.headerBytes(), info.dtype(), header.order()));
    return StoredTensorReader.of(location, List.of(tensor), Map.of(), List.of(file));
  }

  /** The file name without directories and extension. */
  static String stem(String location) {
    String name = location.substring(Math.max(location.lastIndexOf('/'),
        location.lastIndexOf('\\')) + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
