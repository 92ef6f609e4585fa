package org.htsr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

  private static final byte[] BYTES = "0123456789".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void localFilesOpenByPathAndByFileUri() throws Exception {
    Path path = Files.write(dir.resolve("a b.bin"), BYTES);
    LocalInputFiles files = new LocalInputFiles();
    for (String location : new String[] {path.toString(), path.toUri().toString()}) {
      try (InputFile file = files.open(location)) {
        assertEquals(location, file.location());
        checkReads(file);
      }
    }
  }

  @Test
  void byteArrayFilesReadLikeLocalOnes() throws Exception {
    try (InputFile file = new ByteArrayInputFile("memory", BYTES)) {
      checkReads(file);
      assertThrows(IllegalArgumentException.class, () -> file.readFully(-1, new byte[1], 0, 1));
      assertThrows(IndexOutOfBoundsException.class, () -> file.readFully(0, new byte[1], 1, 1));
    }
  }

  @Test
  void siblingsKeepTheLocationsStyle() throws Exception {
    LocalInputFiles files = new LocalInputFiles();
    Path index = Files.write(dir.resolve("model.index.json"), BYTES);
    Path shard = Files.write(dir.resolve("shard 1.safetensors"), BYTES);
    assertEquals(shard.toString(), files.resolveSibling(index.toString(), "shard 1.safetensors"));
    String uri = files.resolveSibling(index.toUri().toString(), "shard 1.safetensors");
    assertEquals(shard.toUri().toString(), uri);
    try (InputFile file = files.open(uri)) {
      assertEquals(BYTES.length, file.length());
    }
    assertEquals("x.bin", files.resolveSibling("index.json", "x.bin"));
  }

  @Test
  void missingAndMalformedLocationsAreIoExceptions() {
    LocalInputFiles files = new LocalInputFiles();
    assertThrows(NoSuchFileException.class, () -> files.open(dir.resolve("absent").toString()));
    assertThrows(IOException.class, () -> files.open("file:relative/path"));
    assertThrows(IOException.class, () -> files.open("file://host/share/x"));
    assertThrows(IOException.class, () -> files.open("nul\0char"));
  }

  private static void checkReads(InputFile file) throws IOException {
    assertEquals(BYTES.length, file.length());
    byte[] buffer = new byte[6];
    file.readFully(3, buffer, 1, 4);
    assertArrayEquals(new byte[] {0, '3', '4', '5', '6', 0}, buffer);
    file.readFully(10, buffer, 0, 0);
    assertThrows(EOFException.class, () -> file.readFully(8, buffer, 0, 3));
    assertThrows(EOFException.class, () -> file.readFully(11, buffer, 0, 1));
    byte[] all = new byte[BYTES.length];
    file.readFully(0, all, 0, all.length);
    assertArrayEquals(BYTES, all);
  }
}
