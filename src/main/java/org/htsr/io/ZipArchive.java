package org.htsr.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * A ZIP archive read through positioned reads: the central directory at open (never the whole
 * file), then entries on demand. PyTorch's zip checkpoints store entries uncompressed, so a tensor
 * read is a ranged read at the entry's data offset; NumPy's {@code .npz} may deflate them.
 *
 * <p>Hostile archives are refused before they cost anything: the central directory is bounded in
 * size and entry count; entry names must stay inside the archive (no {@code ..}, absolute paths or
 * drive letters); entries must lie, without overlapping, before the central directory; a deflated
 * entry may not declare more than deflate can expand its compressed bytes to, and inflating stops
 * with an error at its declared size (a zip bomb gets no further). ZIP64 is read; multi-disk
 * archives and encryption are refused.
 */
public final class ZipArchive {

  /** The most entries read, far above the thousands of a sharded checkpoint. */
  static final int MAX_ENTRIES = 1 << 20;

  /** Deflate expands at most 1032:1; more declared than that is a lie. */
  private static final long MAX_DEFLATE_RATIO = 1032;

  /** The first bytes of a ZIP: a local file header's signature. */
  public static final byte[] MAGIC = {'P', 'K', 3, 4};

  /** Where the first local header's entry name starts. */
  public static final int NAME_START = 30;

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int END_BYTES = 22;
  private static final int CENTRAL_BYTES = 46;
  private static final int LOCAL_BYTES = 30;
  private static final int MAX_COMMENT = 0xFFFF;
  public static final int STORED = 0;
  static final int DEFLATED = 8;

  /**
   * One entry, as the central directory lists it.
   *
   * @param headerOffset where its local header starts
   * @param end where the bytes that may belong to it end: the next entry's header, or the
   *     central directory
   */
  public record Entry(
      String name, int method, long compressedSize, long size, long headerOffset, long end) {}

  private final InputFile file;
  private final Map<String, Entry> entries;

  private ZipArchive(InputFile file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  /** Reads and checks the central directory of {@code file}, which the caller keeps owning. */
  public static ZipArchive open(InputFile file) throws CheckpointFormatException {
    try {
      return new Directory(file).read();
    } catch (IOException e) {
      throw Readers.ioFailure(file.location(), null, e);
    }
  }

  public InputFile file() {
    return file;
  }

  /** The first local entry's name, as far as the leading bytes {@code head} hold it. */
  public static String firstEntryName(byte[] head) {
    if (head.length < NAME_START) {
      return "";
    }
    int length = (head[26] & 0xFF) | (head[27] & 0xFF) << 8;
    int available = Math.max(0, Math.min(length, head.length - NAME_START));
    return new String(head, NAME_START, available, StandardCharsets.UTF_8);
  }

  /** Every entry, in central-directory order. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  public Optional<Entry> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /**
   * Where the entry's data starts, read from its local header, which must agree with the central
   * directory and leave the data inside the entry's slot.
   */
  public long dataOffset(Entry entry) throws CheckpointFormatException {
    byte[] header = new byte[LOCAL_BYTES];
    try {
      file.readFully(entry.headerOffset(), header, 0, LOCAL_BYTES);
    } catch (IOException e) {
      throw Readers.ioFailure(file.location(), null, e);
    }
    ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != LOCAL_HEADER) {
      throw bad(entry, "no local header at " + entry.headerOffset());
    }
    int nameLength = b.getShort(26) & 0xFFFF;
    int extraLength = b.getShort(28) & 0xFFFF;
    long data = entry.headerOffset() + LOCAL_BYTES + nameLength + extraLength;
    if (data + entry.compressedSize() > entry.end()) {
      throw new CheckpointFormatException(
          file.location(),
          null,
          Problem.OVERLAP,
          "entry '%s': its %d bytes from %d run into the next entry or the directory at %d"
              .formatted(entry.name(), entry.compressedSize(), data, entry.end()));
    }
    return data;
  }

  /**
   * The entry's uncompressed bytes, which must be at most {@code maxBytes}: for small entries
   * (pickles, headers) only.
   */
  public byte[] readAll(Entry entry, int maxBytes) throws CheckpointFormatException {
    if (entry.size() > maxBytes) {
      throw new CheckpointFormatException(
          file.location(),
          null,
          Problem.HEADER_TOO_LARGE,
          "entry '%s' of %d bytes exceeds %d".formatted(entry.name(), entry.size(), maxBytes));
    }
    byte[] bytes = new byte[(int) entry.size()];
    try (InputStream in = open(entry)) {
      int done = 0;
      while (done < bytes.length) {
        int n = in.read(bytes, done, bytes.length - done);
        if (n < 0) {
          throw new EOFException("entry '" + entry.name() + "' ends early");
        }
        done += n;
      }
    } catch (IOException e) {
      throw Readers.ioFailure(file.location(), null, e);
    }
    return bytes;
  }

  /**
   * The entry's uncompressed bytes as a stream, which ends at its declared size and fails if the
   * data would inflate beyond it.
   */
  public InputStream open(Entry entry) throws CheckpointFormatException {
    long data = dataOffset(entry);
    InputStream raw = new RangeInputStream(file, data, entry.compressedSize());
    return entry.method() == STORED ? raw : new BoundedInflaterStream(entry, raw);
  }

  private CheckpointFormatException bad(Entry entry, String detail) {
    return new CheckpointFormatException(
        file.location(), null, Problem.BAD_HEADER, "entry '" + entry.name() + "': " + detail);
  }

  /** Parses the end records and the central directory. */
  private static final class Directory {
    private final InputFile file;
    private final String location;
    private final long length;

    Directory(InputFile file) throws IOException {
      this.file = file;
      this.location = file.location();
      this.length = file.length();
    }

    ZipArchive read() throws IOException, CheckpointFormatException {
      if (length < END_BYTES) {
        throw new CheckpointFormatException(
            location, null, Problem.TRUNCATED, length + " bytes cannot hold a ZIP end record");
      }
      int tailLength = (int) Math.min(length, END_BYTES + MAX_COMMENT);
      byte[] tail = new byte[tailLength];
      file.readFully(length - tailLength, tail, 0, tailLength);
      ByteBuffer t = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
      int at = tailLength - END_BYTES;
      while (at >= 0 && t.getInt(at) != END) {
        at--;
      }
      if (at < 0) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.TRUNCATED,
            "no ZIP end-of-central-directory record (the file may be cut short)");
      }
      long endPosition = length - tailLength + at;
      int disk = t.getShort(at + 4) & 0xFFFF;
      int directoryDisk = t.getShort(at + 6) & 0xFFFF;
      long count = t.getShort(at + 10) & 0xFFFF;
      long directorySize = t.getInt(at + 12) & 0xFFFFFFFFL;
      long directoryOffset = t.getInt(at + 16) & 0xFFFFFFFFL;
      long directoryEnd = endPosition;
      if (count == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
        long[] zip64 = zip64End(endPosition);
        count = zip64[0];
        directorySize = zip64[1];
        directoryOffset = zip64[2];
        directoryEnd = zip64[3];
      }
      if (disk != 0 || directoryDisk != 0) {
        throw new CheckpointFormatException(
            location, null, Problem.UNSUPPORTED, "multi-disk ZIP archives are not read");
      }
      if (directorySize > HeaderJson.MAX_BYTES) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.HEADER_TOO_LARGE,
            "central directory of " + directorySize + " bytes");
      }
      if (count > MAX_ENTRIES || count * CENTRAL_BYTES > directorySize) {
        throw new CheckpointFormatException(
            location,
            null,
            count > MAX_ENTRIES ? Problem.HEADER_TOO_LARGE : Problem.BAD_HEADER,
            "%d entries in a central directory of %d bytes (at most %d entries)"
                .formatted(count, directorySize, MAX_ENTRIES));
      }
      if (directoryOffset < 0 || directoryOffset + directorySize > directoryEnd) {
        throw new CheckpointFormatException(
            location,
            null,
            Problem.OUT_OF_RANGE,
            "central directory [%d, +%d) lies outside the archive before %d"
                .formatted(directoryOffset, directorySize, directoryEnd));
      }
      byte[] directory = new byte[(int) directorySize];
      file.readFully(directoryOffset, directory, 0, directory.length);
      return new ZipArchive(file, entries(directory, (int) count, directoryOffset));
    }

    /** {entries, directory size, directory offset, where the zip64 end record starts}. */
    private long[] zip64End(long endPosition) throws IOException, CheckpointFormatException {
      if (endPosition < 20) {
        throw bad("a ZIP64 archive without its ZIP64 locator");
      }
      byte[] locator = new byte[20];
      file.readFully(endPosition - 20, locator, 0, 20);
      ByteBuffer l = ByteBuffer.wrap(locator).order(ByteOrder.LITTLE_ENDIAN);
      if (l.getInt(0) != ZIP64_LOCATOR) {
        throw bad("a ZIP64 archive without its ZIP64 locator");
      }
      long recordOffset = l.getLong(8);
      if (recordOffset < 0 || recordOffset > endPosition - 20 - 56) {
        throw new CheckpointFormatException(
            location, null, Problem.OUT_OF_RANGE, "ZIP64 end record at " + recordOffset);
      }
      byte[] record = new byte[56];
      file.readFully(recordOffset, record, 0, 56);
      ByteBuffer r = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
      if (r.getInt(0) != ZIP64_END) {
        throw bad("no ZIP64 end record at " + recordOffset);
      }
      long count = r.getLong(32);
      long size = r.getLong(40);
      long offset = r.getLong(48);
      if (count < 0 || size < 0 || offset < 0) {
        throw bad("ZIP64 sizes beyond 2^63");
      }
      return new long[] {count, size, offset, recordOffset};
    }

    private Map<String, Entry> entries(byte[] directory, int count, long directoryOffset)
        throws CheckpointFormatException {
      ByteBuffer d = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
      List<long[]> slots = new ArrayList<>(); // {headerOffset, index}
      List<String> names = new ArrayList<>();
      List<long[]> sizes = new ArrayList<>(); // {method, compressed, size, nameLength}
      int at = 0;
      for (int i = 0; i < count; i++) {
        if (at + CENTRAL_BYTES > directory.length || d.getInt(at) != CENTRAL_HEADER) {
          throw bad("central directory entry " + i + " is malformed");
        }
        int flags = d.getShort(at + 8) & 0xFFFF;
        int method = d.getShort(at + 10) & 0xFFFF;
        long compressed = d.getInt(at + 20) & 0xFFFFFFFFL;
        long size = d.getInt(at + 24) & 0xFFFFFFFFL;
        int nameLength = d.getShort(at + 28) & 0xFFFF;
        int extraLength = d.getShort(at + 30) & 0xFFFF;
        int commentLength = d.getShort(at + 32) & 0xFFFF;
        long headerOffset = d.getInt(at + 42) & 0xFFFFFFFFL;
        int next = at + CENTRAL_BYTES + nameLength + extraLength + commentLength;
        if (next > directory.length) {
          throw bad("central directory entry " + i + " runs past the directory");
        }
        String name =
            new String(directory, at + CENTRAL_BYTES, nameLength, StandardCharsets.UTF_8);
        long[] wide =
            zip64Extra(d, at + CENTRAL_BYTES + nameLength, extraLength, size, compressed,
                headerOffset, name);
        size = wide[0];
        compressed = wide[1];
        headerOffset = wide[2];
        checkName(name);
        if ((flags & 1) != 0) {
          throw new CheckpointFormatException(
              location, null, Problem.UNSUPPORTED, "entry '" + name + "' is encrypted");
        }
        if (method != STORED && method != DEFLATED) {
          throw new CheckpointFormatException(
              location,
              null,
              Problem.UNSUPPORTED,
              "entry '%s' uses compression method %d (only stored and deflated are read)"
                  .formatted(name, method));
        }
        if (method == STORED && compressed != size) {
          throw bad("stored entry '%s' has %d bytes but declares %d".formatted(name, compressed,
              size));
        }
        if (method == DEFLATED && size > MAX_DEFLATE_RATIO * compressed + 1024) {
          throw bad(
              "entry '%s' declares %d bytes from %d compressed, more than deflate can expand"
                  .formatted(name, size, compressed));
        }
        slots.add(new long[] {headerOffset, i});
        names.add(name);
        sizes.add(new long[] {method, compressed, size, nameLength});
        at = next;
      }
      return placed(slots, names, sizes, directoryOffset);
    }

    /**
     * Entries sorted by position must not overlap: each needs its local header, its name and its
     * data before the next one starts (overlapping entries are a known zip-bomb trick).
     */
    private Map<String, Entry> placed(
        List<long[]> slots, List<String> names, List<long[]> sizes, long directoryOffset)
        throws CheckpointFormatException {
      List<long[]> byOffset = new ArrayList<>(slots);
      byOffset.sort(Comparator.comparingLong((long[] s) -> s[0]));
      long[] ends = new long[slots.size()];
      for (int k = 0; k < byOffset.size(); k++) {
        int i = (int) byOffset.get(k)[1];
        long start = byOffset.get(k)[0];
        long end = k + 1 < byOffset.size() ? byOffset.get(k + 1)[0] : directoryOffset;
        long needed = LOCAL_BYTES + sizes.get(i)[3] + sizes.get(i)[1];
        if (needed > end - start) {
          boolean last = k + 1 == byOffset.size();
          throw new CheckpointFormatException(
              location,
              null,
              last ? Problem.OUT_OF_RANGE : Problem.OVERLAP,
              "entry '%s' (%d bytes at %d) runs into %s at %d"
                  .formatted(names.get(i), sizes.get(i)[1], start,
                      last ? "the central directory" : "the next entry", end));
        }
        ends[i] = end;
      }
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (int i = 0; i < slots.size(); i++) {
        long[] s = sizes.get(i);
        Entry entry = new Entry(names.get(i), (int) s[0], s[1], s[2], slots.get(i)[0], ends[i]);
        if (entries.put(entry.name(), entry) != null) {
          throw bad("entry '" + entry.name() + "' appears twice");
        }
      }
      return entries;
    }

    /** {size, compressed, header offset}, widened by a ZIP64 extra field where they are 0xFFFFFFFF. */
    private long[] zip64Extra(
        ByteBuffer d, int start, int length, long size, long compressed, long offset, String name)
        throws CheckpointFormatException {
      long[] values = {size, compressed, offset};
      boolean[] wide = {
        size == 0xFFFFFFFFL, compressed == 0xFFFFFFFFL, offset == 0xFFFFFFFFL
      };
      if (!wide[0] && !wide[1] && !wide[2]) {
        return values;
      }
      int at = start;
      while (at + 4 <= start + length) {
        int id = d.getShort(at) & 0xFFFF;
        int fieldLength = d.getShort(at + 2) & 0xFFFF;
        if (at + 4 + fieldLength > start + length) {
          break;
        }
        if (id == 1) {
          int p = at + 4;
          for (int k = 0; k < 3; k++) {
            if (wide[k]) {
              if (p + 8 > at + 4 + fieldLength) {
                throw bad("entry '" + name + "': its ZIP64 field is too short");
              }
              values[k] = d.getLong(p);
              if (values[k] < 0) {
                throw bad("entry '" + name + "': a ZIP64 size beyond 2^63");
              }
              p += 8;
            }
          }
          return values;
        }
        at += 4 + fieldLength;
      }
      throw bad("entry '" + name + "' needs a ZIP64 field and has none");
    }

    /** Names stay inside the archive: relative, no parent steps, no drive letters or backslashes. */
    private void checkName(String name) throws CheckpointFormatException {
      boolean outside =
          name.isEmpty()
              || name.startsWith("/")
              || name.indexOf('\\') >= 0
              || name.indexOf('\0') >= 0
              || (name.length() >= 2 && name.charAt(1) == ':')
              || List.of(name.split("/", -1)).contains("..");
      if (outside) {
        throw bad("entry name '" + name + "' points outside the archive");
      }
    }

    private CheckpointFormatException bad(String detail) {
      return new CheckpointFormatException(location, null, Problem.BAD_HEADER, detail);
    }
  }

  /** Bytes {@code [start, start + length)} of a file as a stream, read in buffered chunks. */
  public static final class RangeInputStream extends InputStream {
    private static final int BUFFER = 64 << 10;
    private final InputFile file;
    private final long end;
    private long position;
    private byte[] buffer = new byte[0];
    private long bufferStart;

    public RangeInputStream(InputFile file, long start, long length) {
      this.file = file;
      this.position = start;
      this.end = start + length;
    }

    /** Bytes left before the range ends. */
    public long remaining() {
      return end - position;
    }

    /** Where the next byte comes from in the file. */
    public long position() {
      return position;
    }

    @Override
    public int read() throws IOException {
      if (position >= end) {
        return -1;
      }
      fill();
      return buffer[(int) (position++ - bufferStart)] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      fill();
      int from = (int) (position - bufferStart);
      int n = Math.min(length, buffer.length - from);
      System.arraycopy(buffer, from, into, offset, n);
      position += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.max(0, Math.min(n, end - position));
      position += skipped;
      return skipped;
    }

    /** Makes the buffer hold {@code position}. */
    private void fill() throws IOException {
      if (position < bufferStart || position >= bufferStart + buffer.length) {
        int n = (int) Math.min(BUFFER, end - position);
        if (buffer.length != n) {
          buffer = new byte[n];
        }
        file.readFully(position, buffer, 0, n);
        bufferStart = position;
      }
    }
  }

  /**
   * Inflates a deflated entry, ending exactly at its declared size: data that would inflate beyond
   * it is an error, not more output, and compressed data that ends first is a truncation.
   */
  private final class BoundedInflaterStream extends InputStream {
    private final Entry entry;
    private final InputStream compressed;
    private final Inflater inflater = new Inflater(true);
    private final byte[] input = new byte[64 << 10];
    private long produced;

    BoundedInflaterStream(Entry entry, InputStream compressed) {
      this.entry = entry;
      this.compressed = compressed;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      long left = entry.size() - produced;
      if (left == 0) {
        checkEnds();
        return -1;
      }
      int want = (int) Math.min(length, left);
      try {
        while (true) {
          int n = inflater.inflate(into, offset, want);
          if (n > 0) {
            produced += n;
            return n;
          }
          if (inflater.finished() || inflater.needsDictionary()) {
            throw new EOFException(
                "entry '%s' inflates to %d bytes, not the %d it declares"
                    .formatted(entry.name(), produced, entry.size()));
          }
          if (inflater.needsInput()) {
            int got = compressed.read(input, 0, input.length);
            if (got < 0) {
              throw new EOFException("entry '" + entry.name() + "' ends inside its deflate data");
            }
            inflater.setInput(input, 0, got);
          }
        }
      } catch (DataFormatException e) {
        throw new java.util.zip.ZipException(
            "entry '" + entry.name() + "': corrupt deflate data: " + e.getMessage());
      }
    }

    /** At the declared size the deflate stream must end too: more data means a lying header. */
    private void checkEnds() throws IOException {
      if (inflater.finished()) {
        return;
      }
      byte[] probe = new byte[1];
      try {
        while (!inflater.finished()) {
          if (inflater.inflate(probe) > 0) {
            throw new java.util.zip.ZipException(
                "entry '%s' inflates beyond the %d bytes it declares"
                    .formatted(entry.name(), entry.size()));
          }
          if (inflater.needsInput()) {
            int got = compressed.read(input, 0, input.length);
            if (got < 0) {
              return; // no more input: the output ended where it should
            }
            inflater.setInput(input, 0, got);
          } else if (inflater.needsDictionary()) {
            return;
          }
        }
      } catch (DataFormatException e) {
        throw new java.util.zip.ZipException(
            "entry '" + entry.name() + "': corrupt deflate data: " + e.getMessage());
      }
    }

    @Override
    public void close() {
      inflater.end();
    }
  }
}
