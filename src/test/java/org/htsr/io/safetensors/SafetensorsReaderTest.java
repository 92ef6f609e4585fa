package org.htsr.io.safetensors;

import org.htsr.io.Allocations;
import org.htsr.io.ByteArrayInputFile;
import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.CheckpointReaderContract;
import org.htsr.io.InputFile;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.RawFloats;
import org.htsr.io.RecordingInputFile;
import org.htsr.io.SharedFiles;
import org.htsr.io.formats.CheckpointFormats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.io.RecordingInputFile.Read;
import org.htsr.model.DType;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

public class SafetensorsReaderTest extends CheckpointReaderContract {

  /** A small valid file: a = F32 [2,3] of 1..6, b = F16 [4] of 1..4. */
  private static final String A = "'a':{'dtype':'F32','shape':[2,3],'data_offsets':[0,24]}";

  private static final String B = "'b':{'dtype':'F16','shape':[4],'data_offsets':[24,32]}";
  private static final byte[] DATA =
      data(new double[] {1, 2, 3, 4, 5, 6}, new double[] {1, 2, 3, 4});
  private static final byte[] VALID = SafetensorsBytes.of("{" + A + "," + B + "}", DATA);

  private static final Path EDGE = SharedFiles.path("synthetic/edge.safetensors");

  @Override
  protected CheckpointFormat format() {
    return new SafetensorsFormat();
  }

  @Override
  protected List<Fixture> fixtures() {
    return List.of(
        Fixture.shared("fixtures/lenet5.safetensors", "lenet5", Set.of()),
        Fixture.shared("fixtures/mlp2.safetensors", "mlp2", Set.of()),
        // numpy, which wrote it, has no bfloat16
        Fixture.shared("fixtures/edge_cases.safetensors", "edge_cases", Set.of("half.bf16")));
  }

  @Override
  protected List<Malformed> malformed() throws IOException {
    byte[] lenet = Files.readAllBytes(SharedFiles.path("fixtures/lenet5.safetensors"));
    int lenetHeader = SafetensorsBytes.header(lenet).length;
    List<Malformed> cases = new ArrayList<>();
    cases.add(bad("empty file", new byte[0], Problem.TRUNCATED, null));
    cases.add(bad("cut inside the length", Arrays.copyOf(lenet, 5), Problem.TRUNCATED, null));
    cases.add(
        bad(
            "cut inside the header",
            Arrays.copyOf(lenet, 8 + lenetHeader / 2),
            Problem.TRUNCATED,
            null));
    cases.add(
        bad(
            "cut right after the header",
            Arrays.copyOf(lenet, 8 + lenetHeader),
            Problem.TRUNCATED,
            "conv1.weight"));
    cases.add(
        bad("cut inside the data", Arrays.copyOf(VALID, VALID.length - 3), Problem.TRUNCATED, "b"));
    cases.add(bad("header length 2^62", length(1L << 62), Problem.HEADER_TOO_LARGE, null));
    cases.add(bad("header length 2^64-1", length(-1L), Problem.HEADER_TOO_LARGE, null));
    cases.add(
        bad("header length above 100 MB", length(100_000_001L), Problem.HEADER_TOO_LARGE, null));
    cases.add(bad("header length beyond the file", length(VALID.length), Problem.TRUNCATED, null));
    cases.add(bad("empty header", SafetensorsBytes.of("", DATA), Problem.BAD_HEADER, null));
    cases.add(
        bad(
            "invalid JSON",
            SafetensorsBytes.of("{" + A + ",'b':{'dtype':", DATA),
            Problem.BAD_HEADER,
            "b"));
    cases.add(bad("JSON array", SafetensorsBytes.of("[1,2]", DATA), Problem.BAD_HEADER, null));
    cases.add(bad("JSON string", SafetensorsBytes.of("'a'", DATA), Problem.BAD_HEADER, null));
    cases.add(
        bad(
            "content after the object",
            SafetensorsBytes.of("{" + A + "," + B + "} {}", DATA),
            Problem.BAD_HEADER,
            null));
    cases.add(
        bad(
            "invalid UTF-8",
            SafetensorsBytes.withLength(
                8, new byte[] {'{', '"', (byte) 0xC3, '(', '"', ':', '1', '}'}, DATA),
            Problem.BAD_HEADER,
            null));
    cases.add(bad("unknown dtype", header(A.replace("F32", "F7"), B), Problem.UNKNOWN_DTYPE, "a"));
    cases.add(
        bad("dtype not a string", header(A.replace("'F32'", "32"), B), Problem.BAD_HEADER, "a"));
    cases.add(bad("entry not an object", header("'a':[0,24]", B), Problem.BAD_HEADER, "a"));
    cases.add(
        bad(
            "missing data_offsets",
            header(A.replace(",'data_offsets':[0,24]", ""), B),
            Problem.BAD_HEADER,
            "a"));
    cases.add(
        bad("missing shape", header(A.replace("'shape':[2,3],", ""), B), Problem.BAD_HEADER, "a"));
    cases.add(
        bad(
            "negative dimension",
            header(A.replace("[2,3]", "[-2,-3]"), B),
            Problem.BAD_HEADER,
            "a"));
    cases.add(
        bad(
            "fractional dimension",
            header(A.replace("[2,3]", "[2.0,3]"), B),
            Problem.BAD_HEADER,
            "a"));
    cases.add(
        bad(
            "dimension as a string",
            header(A.replace("[2,3]", "['2',3]"), B),
            Problem.BAD_HEADER,
            "a"));
    cases.add(
        bad(
            "dimension of 100,000 digits",
            header(A.replace("[2,3]", "[" + "9".repeat(100_000) + "]"), B),
            Problem.BAD_HEADER,
            "a"));
    cases.add(
        bad(
            "shape disagrees with the span",
            header(A.replace("[2,3]", "[2,2]"), B),
            Problem.SHAPE_MISMATCH,
            "a"));
    cases.add(
        bad(
            "shape overflows 64 bits",
            header(A.replace("[2,3]", "[4294967296,4294967296,4294967296]"), B),
            Problem.SHAPE_MISMATCH,
            "a"));
    cases.add(
        bad(
            "bytes overflow 64 bits",
            header(A.replace("[2,3]", "[4611686018427387904]"), B),
            Problem.SHAPE_MISMATCH,
            "a"));
    cases.add(
        bad(
            "10^12 elements in 24 bytes",
            header(A.replace("[2,3]", "[1000000000000]"), B),
            Problem.SHAPE_MISMATCH,
            "a"));
    cases.add(
        bad(
            "begin after end",
            header(A, B.replace("[24,32]", "[32,24]")),
            Problem.BAD_HEADER,
            "b"));
    cases.add(
        bad(
            "three offsets",
            header(A, B.replace("[24,32]", "[24,32,40]")),
            Problem.BAD_HEADER,
            "b"));
    cases.add(
        bad("negative offset", header(A, B.replace("[24,32]", "[-8,0]")), Problem.BAD_HEADER, "b"));
    cases.add(
        bad(
            "offset of 2^64",
            header(A, B.replace("[24,32]", "[18446744073709551616,18446744073709551624]")),
            Problem.BAD_HEADER,
            "b"));
    cases.add(
        bad("overlapping spans", header(A, B.replace("[24,32]", "[16,24]")), Problem.OVERLAP, "b"));
    cases.add(
        bad(
            "span beyond the data",
            header(A, B.replace("[24,32]", "[100,108]")),
            Problem.OUT_OF_RANGE,
            "b"));
    cases.add(
        bad(
            "empty span beyond the data",
            header(A, B, "'c':{'dtype':'F32','shape':[0],'data_offsets':[500,500]}"),
            Problem.OUT_OF_RANGE,
            "c"));
    cases.add(bad("duplicate tensor", header(A, B, A), Problem.BAD_HEADER, "a"));
    cases.add(
        bad(
            "duplicate field",
            header(A.replace("}", ",'dtype':'F32'}"), B),
            Problem.BAD_HEADER,
            "a"));
    cases.add(
        bad(
            "metadata value not a string",
            header("'__metadata__':{'n':1}", A, B),
            Problem.BAD_HEADER,
            null));
    cases.add(
        bad(
            "metadata not an object",
            header("'__metadata__':'pt'", A, B),
            Problem.BAD_HEADER,
            null));
    cases.add(
        bad(
            "nesting 100,000 deep",
            header(A.replace("}", ",'x':" + "[".repeat(100_000) + "]".repeat(100_000) + "}"), B),
            Problem.BAD_HEADER,
            "a"));
    cases.add(
        bad(
            "NaN value",
            withValues(new double[] {1, Double.NaN, 3, 4, 5, 6}, new double[] {1, 2, 3, 4}),
            Problem.NON_FINITE,
            "a"));
    cases.add(
        bad(
            "infinite value",
            withValues(
                new double[] {1, 2, 3, 4, 5, 6}, new double[] {1, 2, Double.NEGATIVE_INFINITY, 4}),
            Problem.NON_FINITE,
            "b"));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> realCheckpointsListInHeaderOrderAndDecode() {
    List<Path> files = new ArrayList<>(SharedFiles.list("models", ".safetensors"));
    files.addAll(SharedFiles.list("synthetic", ".safetensors"));
    assertTrue(files.size() >= 8, "test models and synthetic files: " + files);
    return files.stream()
        .map(
            path ->
                DynamicTest.dynamicTest(
                    path.getFileName().toString(),
                    () -> {
                      Map<String, Object> header = independentlyParsedHeader(path);
                      Object metadata = header.remove("__metadata__");
                      try (CheckpointReader reader =
                          CheckpointFormats.open(path.toString(), new LocalInputFiles())) {
                        assertEquals(
                            List.copyOf(header.keySet()),
                            reader.tensors().stream().map(TensorInfo::name).toList());
                        assertEquals(metadata == null ? Map.of() : metadata, reader.metadata());
                        for (TensorInfo info : reader.tensors()) {
                          Map<?, ?> entry = (Map<?, ?>) header.get(info.name());
                          assertEquals(entry.get("dtype"), info.dtype().name(), info.name());
                          assertEquals(
                              entry.get("shape").toString(), info.shape().toString(), info.name());
                          assertEquals(path.toString(), info.location());
                          if (info.dtype().isAnalysable()) {
                            assertEquals(
                                info.elementCount(),
                                reader.load(info).values().length); // load checks finiteness
                          }
                        }
                      }
                    }));
  }

  @Test
  void halfPrecisionGaussiansHaveTheirMoments() throws Exception {
    try (CheckpointReader reader =
        new SafetensorsFormat().open(EDGE.toString(), new LocalInputFiles())) {
      for (String name : List.of("gauss_q2_1000x500_f16.weight", "gauss_q2_1000x500_bf16.weight")) {
        TensorInfo info = tensor(reader, name);
        double[] values = reader.load(info).values();
        double mean = Arrays.stream(values).average().orElseThrow();
        double std =
            Math.sqrt(
                Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
        double expected = 1 / Math.sqrt(1000);
        assertEquals(0, mean, 5 * expected / Math.sqrt(values.length), name + " mean");
        assertEquals(expected, std, 0.02 * expected, name + " std");
      }
    }
  }

  @Test
  void readsTheFixturesMetadata() throws Exception {
    try (CheckpointReader reader =
        new SafetensorsFormat()
            .open(
                SharedFiles.path("fixtures/edge_cases.safetensors").toString(),
                new LocalInputFiles())) {
      assertEquals("pt", reader.metadata().get("format"));
      assertEquals(2, reader.metadata().size());
    }
  }

  @Test
  void openingReadsTheHeaderOnly() throws Exception {
    RecordingInputFile file = new RecordingInputFile(new LocalInputFiles().open(EDGE.toString()));
    try (CheckpointReader reader = SafetensorsReader.open(file)) {
      assertEquals(8, reader.tensors().size());
      int headerLength = SafetensorsBytes.header(Files.readAllBytes(EDGE)).length;
      assertEquals(List.of(new Read(0, 8), new Read(8, headerLength)), file.reads());
    }
    assertTrue(file.isClosed());
  }

  @Test
  void rangedReadsReadOnlyTheirBytesInBoundedChunks() throws Exception {
    double[] values = new Random(7).doubles(3_000_000).toArray(); // 12 MB of F32
    byte[] bytes =
        new SafetensorsWriter().add("big", DType.F32, List.of(3_000_000L), values).toByteArray();
    RecordingInputFile file =
        new RecordingInputFile(new ByteArrayInputFile("big.safetensors", bytes));
    try (CheckpointReader reader = SafetensorsReader.open(file)) {
      long dataStart = file.reads().get(1).end();
      file.forgetReads();
      int first = 400_003;
      int count = 2_500_001; // two chunks
      double[] read = reader.read(reader.tensors().get(0), first, count);
      for (int i = 0; i < count; i++) {
        assertEquals((float) values[first + i], read[i], "element " + (first + i));
      }
      List<Read> reads = file.reads();
      assertEquals(2, reads.size());
      assertEquals(dataStart + 4L * first, reads.get(0).position());
      assertEquals(RawFloats.CHUNK_BYTES, reads.get(0).length());
      assertEquals(reads.get(0).end(), reads.get(1).position());
      assertEquals(dataStart + 4L * (first + count), reads.get(1).end());
    }
  }

  @Test
  void loadingHoldsLittleMoreThanTheValues() throws Exception {
    try (CheckpointReader reader =
        new SafetensorsFormat().open(EDGE.toString(), new LocalInputFiles())) {
      TensorInfo info = tensor(reader, "embed_vocab_60000x64.weight");
      reader.load(info); // warm up: code paths and class loading allocate once
      long before = Allocations.ofCurrentThread();
      double[] values = reader.load(info).values();
      long allocated = Allocations.ofCurrentThread() - before;
      long valueBytes = 8L * values.length;
      assertTrue(
          allocated < valueBytes + RawFloats.CHUNK_BYTES + (1 << 20),
          "allocated " + allocated + " bytes for " + valueBytes + " bytes of values");
    }
  }

  @Test
  void nonFiniteValuesAreListedAndReadButNotLoaded() throws Exception {
    byte[] file =
        withValues(
            new double[] {1, Double.NaN, 3, 4, 5, 6},
            new double[] {1, 2, Double.POSITIVE_INFINITY, 4});
    try (CheckpointReader reader =
        SafetensorsReader.open(new ByteArrayInputFile("nan.safetensors", file))) {
      TensorInfo a = tensor(reader, "a");
      TensorInfo b = tensor(reader, "b");
      assertArrayEquals(new double[] {1, Double.NaN, 3, 4, 5, 6}, reader.read(a, 0, 6));
      assertArrayEquals(new double[] {1, 2, Double.POSITIVE_INFINITY, 4}, reader.read(b, 0, 4));
      CheckpointFormatException error =
          assertThrows(CheckpointFormatException.class, () -> reader.load(b));
      assertEquals(Problem.NON_FINITE, error.problem());
    }
  }

  @Test
  void aTensorBeyondTheHeapIsTooLarge() throws Exception {
    long elements = 1_500_000_000L; // 12 GB of doubles
    assumeTrue(Runtime.getRuntime().maxMemory() < 8 * elements, "the heap could hold it");
    String header =
        "{'big':{'dtype':'F32','shape':["
            + elements
            + "],'data_offsets':[0,"
            + 4 * elements
            + "]}}";
    try (CheckpointReader reader = SafetensorsReader.open(virtualFile(header, 4 * elements))) {
      CheckpointFormatException error =
          assertThrows(CheckpointFormatException.class, () -> reader.load(reader.tensors().get(0)));
      assertEquals(Problem.TOO_LARGE, error.problem(), error.getMessage());
    }
  }

  @Test
  void aTensorBeyondOneArrayIsTooLarge() throws Exception {
    long elements = 3_000_000_000L;
    String header =
        "{'big':{'dtype':'BF16','shape':[3,1000000000],'data_offsets':[0," + 2 * elements + "]}}";
    try (CheckpointReader reader = SafetensorsReader.open(virtualFile(header, 2 * elements))) {
      TensorInfo big = reader.tensors().get(0);
      CheckpointFormatException error =
          assertThrows(CheckpointFormatException.class, () -> reader.load(big));
      assertEquals(Problem.TOO_LARGE, error.problem(), error.getMessage());
      assertEquals(3, reader.read(big, elements - 3, 3).length); // a range of it still reads
    }
  }

  @Test
  void mutatedFilesGiveOnlyTypedErrors() {
    Random random = new Random(20240611);
    int failures = 0;
    for (int trial = 0; trial < 3000; trial++) {
      byte[] file = mutate(VALID, random);
      try (CheckpointReader reader =
          SafetensorsReader.open(new ByteArrayInputFile("fuzz.safetensors", file))) {
        for (TensorInfo info : reader.tensors()) {
          if (info.dtype().isAnalysable()) {
            reader.load(info);
          }
        }
      } catch (CheckpointFormatException expected) {
        failures++;
      } catch (Throwable other) { // anything untyped is the bug this test looks for
        fail("trial " + trial + ": " + other + " for " + Arrays.toString(file), other);
      }
    }
    assertTrue(failures > 1000, "most mutations should break the file: " + failures);
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] file = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> file[random.nextInt(file.length)] = (byte) random.nextInt(256);
      case 1 ->
          file[random.nextInt(8, file.length - DATA.length)] =
              (byte) JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length()));
      case 2 -> file = Arrays.copyOf(file, random.nextInt(file.length));
      default -> {
        for (int i = 0; i < 4; i++) {
          file[random.nextInt(8, file.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
    }
    return file;
  }

  private static final String JSON_CHARS = "{}[]\",:-0123456789eE.ntfu\\ ";

  private static InputFile virtualFile(String header, long dataBytes) {
    byte[] json = header.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] head = SafetensorsBytes.withLength(json.length, json, new byte[0]);
    return new InputFile() { // a huge file of zeros after the header, without the bytes
      @Override
      public String location() {
        return "virtual.safetensors";
      }

      @Override
      public long length() {
        return head.length + dataBytes;
      }

      @Override
      public void readFully(long position, byte[] buffer, int offset, int length) {
        Arrays.fill(buffer, offset, offset + length, (byte) 0);
        if (position < head.length) {
          System.arraycopy(
              head, (int) position, buffer, offset, Math.min(length, head.length - (int) position));
        }
      }

      @Override
      public void close() {}
    };
  }

  private static Map<String, Object> independentlyParsedHeader(Path path) throws IOException {
    return new ObjectMapper()
        .readValue(
            SafetensorsBytes.header(Files.readAllBytes(path)),
            new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private static TensorInfo tensor(CheckpointReader reader, String name) {
    return reader.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static Malformed bad(String description, byte[] bytes, Problem problem, String tensor) {
    String location = "malformed/" + description.replaceAll("[^A-Za-z0-9]+", "-") + ".safetensors";
    return Malformed.file(description, location, bytes, problem, tensor);
  }

  private static byte[] header(String... entries) {
    return SafetensorsBytes.of("{" + String.join(",", entries) + "}", DATA);
  }

  private static byte[] withValues(double[] a, double[] b) {
    return SafetensorsBytes.of("{" + A + "," + B + "}", data(a, b));
  }

  /** The valid file's layout: a as F32, then b as F16. */
  private static byte[] data(double[] a, double[] b) {
    byte[] data = new byte[32];
    RawFloats.encode(DType.F32, a, 0, data, 0, 6);
    RawFloats.encode(DType.F16, b, 0, data, 24, 4);
    return data;
  }

  /**
   * A file whose length field is {@code headerLength}, followed by the valid file's header and
   * data.
   */
  private static byte[] length(long headerLength) {
    return SafetensorsBytes.withLength(headerLength, SafetensorsBytes.header(VALID), DATA);
  }
}
