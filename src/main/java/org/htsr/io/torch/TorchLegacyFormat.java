package org.htsr.io.torch;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.FileStorage;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.ZipArchive;
import org.htsr.io.Readers;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * {@code torch.save(..., _use_new_zipfile_serialization=False)}, the stream format before PyTorch
 * 1.6: five consecutive pickles (the magic number {@code 0x1950a86a20f9469cfc6c}, the protocol
 * version 1001, sys_info with the byte order, the state dict, the list of storage keys), then for
 * each key in that list an int64 element count and the storage's raw bytes. Recognised by its
 * first pickle, the magic number.
 */
public final class TorchLegacyFormat implements CheckpointFormat {

  private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final long PROTOCOL_VERSION = 1001;

  /** PROTO n, LONG1 of 10 bytes: the magic number, little-endian, STOP. */
  private static final byte[] MAGIC_PICKLE = {
    (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8,
    0x50, 0x19, 0x2e
  };

  @Override
  public String name() {
    return "pytorch-legacy";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    if (head.length < 2 + MAGIC_PICKLE.length || (head[0] & 0xFF) != 0x80) {
      return false;
    }
    for (int i = 0; i < MAGIC_PICKLE.length; i++) {
      if (head[2 + i] != MAGIC_PICKLE[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    InputFile file = Readers.open(files, location);
    try {
      return read(file);
    } catch (CheckpointFormatException e) {
      Readers.closeAfterFailure(file, e);
      throw e;
    } catch (IOException e) {
      CheckpointFormatException failure = Readers.ioFailure(location, null, e);
      Readers.closeAfterFailure(file, failure);
      throw failure;
    }
  }

  private static CheckpointReader read(InputFile file)
      throws CheckpointFormatException, IOException {
    String location = file.location();
    long length = file.length();
    ZipArchive.RangeInputStream in = new ZipArchive.RangeInputStream(file, 0, length);
    Object magic = TorchPickle.load(location, in).root();
    if (!(magic instanceof BigInteger number) || !MAGIC.equals(number)) {
      throw new CheckpointFormatException(
          location, null, Problem.UNKNOWN_FORMAT, "no legacy torch.save magic number");
    }
    Object protocol = TorchPickle.load(location, in).root();
    if (!(protocol instanceof Number p) || p.longValue() != PROTOCOL_VERSION) {
      throw new CheckpointFormatException(
          location, null, Problem.UNSUPPORTED, "legacy protocol version " + Pickles.typeOf(protocol)
              + " (only 1001 is read)");
    }
    ByteOrder order = byteOrder(location, TorchPickle.load(location, in).root());
    TorchPickle.Result state = TorchPickle.load(location, in);
    Object keys = TorchPickle.load(location, in).root();
    if (!(keys instanceof List<?> keyList)) {
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER, "the storage key list is " + Pickles.typeOf(keys));
    }
    Map<String, TorchCheckpoint.Resolved> storages =
        storages(file, in.position(), keyList, state.storages(), order);
    return TorchCheckpoint.reader(
        location,
        TorchStateDict.find(location, state.root()),
        ref -> {
          TorchCheckpoint.Resolved resolved = storages.get(ref.key());
          if (resolved == null) {
            throw new CheckpointFormatException(
                location, null, Problem.BAD_HEADER, "storage '" + ref.key() + "' has no data");
          }
          return resolved;
        },
        TorchTopLevel.metadata(state.root(), Map.of("byteorder", order == ByteOrder.BIG_ENDIAN ? "big" : "little")),
        file);
  }

  private static ByteOrder byteOrder(String location, Object sysInfo)
      throws CheckpointFormatException {
    if (!(sysInfo instanceof Map<?, ?> info)) {
      throw new CheckpointFormatException(
          location, null, Problem.BAD_HEADER, "sys_info is " + Pickles.typeOf(sysInfo));
    }
    return Boolean.FALSE.equals(info.get("little_endian"))
        ? ByteOrder.BIG_ENDIAN
        : ByteOrder.LITTLE_ENDIAN;
  }

  /**
   * Walks the data section: each storage's int64 element count must be what its persistent id
   * declared, and its bytes must lie inside the file.
   */
  private static Map<String, TorchCheckpoint.Resolved> storages(
      InputFile file,
      long start,
      List<?> keys,
      Map<String, TorchStorageRef> declared,
      ByteOrder order)
      throws CheckpointFormatException, IOException {
    String location = file.location();
    long length = file.length();
    Map<String, TorchCheckpoint.Resolved> storages = new HashMap<>();
    long position = start;
    byte[] count = new byte[Long.BYTES];
    for (Object key : keys) {
      TorchStorageRef ref = key instanceof String k ? declared.get(k) : null;
      if (ref == null || ref.dtype() == null) {
        throw new CheckpointFormatException(
            location,
            null,
            ref == null ? Problem.BAD_HEADER : Problem.UNKNOWN_DTYPE,
            "storage key " + (key instanceof String k ? "'" + k + "'" : Pickles.typeOf(key))
                + (ref == null ? " names no storage of the pickle" : " of type " + ref.typeName()));
      }
      file.readFully(position, count, 0, Long.BYTES);
      long elements = ByteBuffer.wrap(count).order(order).getLong();
      if (elements != ref.elements()) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.SHAPE_MISMATCH,
            "storage '%s' holds %d elements, its persistent id says %d"
                .formatted(ref.key(), elements, ref.elements()));
      }
      long bytes;
      try {
        bytes = Math.multiplyExact(elements, (long) ref.dtype().byteSize());
      } catch (ArithmeticException overflow) {
        bytes = Long.MAX_VALUE;
      }
      long data = position + Long.BYTES;
      if (bytes > length - data) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.TRUNCATED,
            "storage '%s' needs %d bytes at %d; the file ends at %d"
                .formatted(ref.key(), bytes, data, length));
      }
      storages.put(ref.key(), new TorchCheckpoint.Resolved(
          new FileStorage(file, data, ref.dtype(), order), elements));
      position = data + bytes;
    }
    return storages;
  }
}
