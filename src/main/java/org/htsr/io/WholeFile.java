package org.htsr.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * A whole file as one buffer, for formats whose libraries parse from memory (ONNX through
 * protobuf, HDF5 through jhdf). A local file is memory-mapped, so its bytes stay off the heap and
 * libraries that slice the buffer allocate nothing per declared size; bytes already in memory are
 * wrapped; anything else (a Hadoop file) is read onto the heap once.
 */
public final class WholeFile {

  private WholeFile() {}

  public static ByteBuffer of(InputFile file) throws CheckpointFormatException {
    String location = file.location();
    try {
      if (file instanceof ByteArrayInputFile bytes) {
        return ByteBuffer.wrap(bytes.bytes()).asReadOnlyBuffer();
      }
      long length = file.length();
      if (length > CheckpointReader.MAX_ARRAY_ELEMENTS) {
        throw new CheckpointFormatException(
            location, null, Problem.TOO_LARGE,
            length + " bytes do not fit in one buffer (at most 2 GiB)");
      }
      if (file instanceof LocalInputFile local) {
        return local.channel().map(FileChannel.MapMode.READ_ONLY, 0, length);
      }
      // not mappable (a Hadoop file): the whole file on the heap, so it counts against the budget
      MemoryBudget.current().require(location, null, "reading the whole file onto the heap (" + file.getClass().getSimpleName() + ")", length);
      byte[] bytes = new byte[(int) length];
      file.readFully(0, bytes, 0, bytes.length);
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    } catch (IOException e) {
      throw Readers.ioFailure(location, null, e);
    }
  }
}
