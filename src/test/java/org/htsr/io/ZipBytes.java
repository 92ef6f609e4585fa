package org.htsr.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** ZIP archives made in tests: stored or deflated entries, in order. */
public final class ZipBytes {

  private final Map<String, byte[]> stored = new LinkedHashMap<>();
  private final Map<String, Boolean> deflate = new LinkedHashMap<>();

  public ZipBytes stored(String name, byte[] bytes) {
    stored.put(name, bytes);
    deflate.put(name, false);
    return this;
  }

  public ZipBytes deflated(String name, byte[] bytes) {
    stored.put(name, bytes);
    deflate.put(name, true);
    return this;
  }

  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : stored.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (!deflate.get(e.getKey())) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCompressedSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A torch.save-style archive: top/data.pkl and top/data/0 holding {@code storage}. */
  public static byte[] torch(byte[] pickle, byte[] storage) {
    return new ZipBytes()
        .stored("archive/data.pkl", pickle)
        .stored("archive/data/0", storage)
        .stored("archive/version", "3\n".getBytes())
        .bytes();
  }
}
