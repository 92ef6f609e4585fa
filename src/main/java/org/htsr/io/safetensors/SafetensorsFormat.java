package org.htsr.io.safetensors;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.HeaderJson;
import org.htsr.io.InputFiles;
import org.htsr.io.Readers;

/**
 * Single-file safetensors ({@code *.safetensors}). The format has no magic number; a file is
 * recognised by its header starting with <code>{"</code> (or <code>{}</code>) right after the
 * 8-byte length. A length above the format's limit counts only with the {@code .safetensors}
 * extension, so that such a file gets its specific error rather than "unknown format".
 */
public final class SafetensorsFormat implements CheckpointFormat {

  private static final String EXTENSION = ".safetensors";

  /** Where the JSON header starts. */
  private static final int HEADER_START = 8;

  @Override
  public String name() {
    return "safetensors";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    if (head.length <= HEADER_START || head[HEADER_START] != '{') {
      return false;
    }
    int next = HEADER_START + 1;
    while (next < head.length && HeaderJson.isSpace(head[next])) {
      next++;
    }
    boolean startsLikeHeader = next == head.length || head[next] == '"' || head[next] == '}';
    return startsLikeHeader && (plausibleLength(head) || location.endsWith(EXTENSION));
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    return Readers.openAndRead(files, location, SafetensorsReader::open);
  }

  private static boolean plausibleLength(byte[] head) {
    long length = 0;
    for (int i = HEADER_START - 1; i >= 0; i--) {
      length = length << 8 | (head[i] & 0xFF);
    }
    return length >= 2 && length <= HeaderJson.MAX_BYTES;
  }
}
