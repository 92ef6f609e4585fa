package org.htsr.io.numpy;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.ElementSource;
import org.htsr.io.FileStorage;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.RawFloats;
import org.htsr.io.Storage;
import org.htsr.io.StoredTensor;
import org.htsr.io.StoredTensorReader;
import org.htsr.io.ZipArchive;
import org.htsr.io.Readers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;

/**
 * NumPy archives ({@code numpy.savez}, {@code savez_compressed}): a ZIP of {@code <name>.npy}
 * entries, stored or deflated. Recognised by the ZIP magic and a first entry ending in {@code .npy}
 * or, when the first name lies beyond the first bytes, by the {@code .npz} extension. Stored
 * entries are read by ranged reads; deflated ones are inflated from their start up to the
 * requested elements, never past the entry's declared size.
 */
public final class NpzFormat implements CheckpointFormat {

  private static final String ENTRY_SUFFIX = ".npy";

  @Override
  public String name() {
    return "npz";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    if (!Readers.startsWith(head, ZipArchive.MAGIC)) {
      return false;
    }
    String first = ZipArchive.firstEntryName(head);
    // a named .npz is claimed even when its first entry escapes (../x): the archive's own checks
    // then say "zip slip" instead of "unknown format"; torch zips (top/data.pkl) match earlier
    return first.endsWith(ENTRY_SUFFIX) || location.endsWith(".npz");
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    return Readers.openAndRead(files, location, NpzFormat::read);
  }

  private static CheckpointReader read(InputFile file) throws CheckpointFormatException {
    String location = file.location();
    ZipArchive zip = ZipArchive.open(file);
    List<StoredTensor> tensors = new ArrayList<>();
    for (ZipArchive.Entry entry : zip.entries()) {
      if (entry.name().endsWith(ENTRY_SUFFIX)) {
        tensors.add(tensor(zip, entry));
      }
    }
    return StoredTensorReader.of(location, tensors, Map.of(), List.of(file));
  }

  private static StoredTensor tensor(ZipArchive zip, ZipArchive.Entry entry)
      throws CheckpointFormatException {
    String location = zip.file().location();
    String name = entry.name().substring(0, entry.name().length() - ENTRY_SUFFIX.length());
    NpyHeader header;
    try (InputStream in = zip.open(entry)) {
      header = NpyHeader.read(location, name, in);
    } catch (IOException e) {
      throw Readers.ioFailure(location, name, e);
    }
    TensorInfo info = header.info(name, location);
    if (header.headerBytes() + info.byteCount() != entry.size()) {
      throw new CheckpointFormatException(
          location,
          name,
          Problem.SHAPE_MISMATCH,
          "%s %s needs %d bytes after its %d-byte header; the entry declares %d in all"
              .formatted(info.dtype(), info.shape(), info.byteCount(), header.headerBytes(),
                  entry.size()));
    }
    Storage storage =
        entry.method() == ZipArchive.STORED
            ? new FileStorage(
                zip.file(), zip.dataOffset(entry) + header.headerBytes(), info.dtype(),
                header.order())
            : new InflatedStorage(zip, entry, header.headerBytes(), info.dtype(), header.order());
    return new StoredTensor(info, header.layout(), storage);
  }

  /**
   * Elements of a deflated entry: each read inflates from the entry's start, skips to the first
   * requested element and inflates only what was asked for. A read that reaches the entry's
   * declared end also checks that the deflate data ends there: an entry declaring 4 MB that
   * inflates to 1 GiB is corrupt, not a tensor of 4 MB of zeros.
   */
  private record InflatedStorage(
      ZipArchive zip, ZipArchive.Entry entry, long skip, DType dtype, ByteOrder order)
      implements Storage {

    @Override
    public ElementSource elements(TensorInfo tensor) {
      return (first, into, offset, count) -> {
        int size = dtype.byteSize();
        try (InputStream in = zip.open(entry)) {
          long toSkip = skip + first * size;
          while (toSkip > 0) {
            long skipped = in.skip(toSkip);
            if (skipped <= 0) {
              if (in.read() < 0) {
                throw new java.io.EOFException("entry '" + entry.name() + "' ends early");
              }
              skipped = 1;
            }
            toSkip -= skipped;
          }
          byte[] chunk = new byte[Math.min(count, RawFloats.CHUNK_BYTES / size) * size];
          for (int done = 0; done < count; ) {
            int n = Math.min(chunk.length / size, count - done);
            int bytes = n * size;
            for (int got = 0; got < bytes; ) {
              int r = in.read(chunk, got, bytes - got);
              if (r < 0) {
                throw new java.io.EOFException("entry '" + entry.name() + "' ends early");
              }
              got += r;
            }
            RawFloats.decode(dtype, order, chunk, 0, into, offset + done, n);
            done += n;
          }
          if (skip + (first + count) * size == entry.size() && in.read() >= 0) {
            // unreachable: the bounded stream ends at the declared size or throws
            throw new java.util.zip.ZipException("entry '" + entry.name() + "' goes on past its declared size");
          }
        } catch (IOException e) {
          throw Readers.ioFailure(zip.file().location(), tensor.name(), e);
        }
      };
    }
  }
}
