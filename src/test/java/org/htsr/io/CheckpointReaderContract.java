package org.htsr.io;

import org.htsr.io.formats.CheckpointFormats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.io.ExpectedTensors.Expected;
import org.htsr.model.TensorInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * What every {@link CheckpointReader} must do, checked against the shared fixtures and a list of
 * malformed inputs. A reader's test extends this class and supplies its format, its valid fixtures
 * (with the expected.json model they hold) and its malformed inputs.
 */
public abstract class CheckpointReaderContract {

  /** How long a malformed input may take to be rejected: failing fast is part of the contract. */
  private static final Duration REJECTION_TIME = Duration.ofSeconds(5);

  /** Heap a rejection may allocate beyond a few copies of the input. */
  private static final long REJECTION_HEAP = 32L << 20;

  /**
   * A valid checkpoint holding the tensors that {@code expected.json} lists for {@code model},
   * except those named in {@code absent} (which its format cannot store).
   */
  public record Fixture(
      String location, InputFiles files, String model, Set<String> absent, StoredAs storedAs) {
    public Fixture(String location, InputFiles files, String model, Set<String> absent) {
      this(location, files, model, absent, StoredAs.AS_IS);
    }

    public static Fixture shared(String relativePath, String model, Set<String> absent) {
      return shared(relativePath, model, absent, StoredAs.AS_IS);
    }

    public static Fixture shared(
        String relativePath, String model, Set<String> absent, StoredAs storedAs) {
      Path path = SharedFiles.path(relativePath);
      return new Fixture(path.toString(), new LocalInputFiles(), model, absent, storedAs);
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /**
   * A malformed checkpoint: opening it and loading every floating-point tensor must fail with
   * {@code problem}, naming {@code file} and, when not null, {@code tensor}.
   */
  public record Malformed(
      String description,
      InMemoryInputFiles files,
      String location,
      Problem problem,
      String file,
      String tensor) {

    /** A single malformed file, named in its own error. */
    public static Malformed file(
        String description, String location, byte[] bytes, Problem problem, String tensor) {
      return new Malformed(
          description,
          new InMemoryInputFiles().put(location, bytes),
          location,
          problem,
          location,
          tensor);
    }
  }

  protected abstract CheckpointFormat format();

  protected abstract List<Fixture> fixtures() throws IOException;

  protected abstract List<Malformed> malformed() throws IOException;

  @TestFactory
  Stream<DynamicTest> listsTheExpectedTensors() throws IOException {
    return fixtures().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    fixture.toString(),
                    () -> {
                      try (CheckpointReader reader =
                          format().open(fixture.location(), fixture.files())) {
                        Map<String, TensorInfo> listed = byName(reader.tensors());
                        assertEquals(
                            reader.tensors().size(), listed.size(), "a tensor is listed twice");
                        Map<String, Expected> expected = expected(fixture);
                        StoredAs storedAs = fixture.storedAs();
                        assertEquals(
                            expected.keySet().stream()
                                .map(storedAs::name)
                                .collect(Collectors.toSet()),
                            listed.keySet());
                        for (Expected e : expected.values()) {
                          TensorInfo info = listed.get(storedAs.name(e.name()));
                          assertEquals(e.dtype(), info.dtype(), e.name());
                          assertEquals(storedAs.shape(e.shape()), info.shape(), e.name());
                        }
                      }
                      checkAllClosed(fixture.files());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> loadsTheExpectedValues() throws IOException {
    return fixtures().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    fixture.toString(),
                    () -> {
                      try (CheckpointReader reader =
                          format().open(fixture.location(), fixture.files())) {
                        Map<String, TensorInfo> listed = byName(reader.tensors());
                        StoredAs storedAs = fixture.storedAs();
                        for (Expected e : expected(fixture).values()) {
                          TensorInfo info = listed.get(storedAs.name(e.name()));
                          if (info.dtype().isAnalysable()) {
                            checkValues(
                                e,
                                storedAs.inPyTorchOrder(
                                    reader.load(info).values(), info.shape()));
                          } else {
                            CheckpointFormatException error =
                                assertThrows(
                                    CheckpointFormatException.class,
                                    () -> reader.read(info, 0, 0),
                                    e.name());
                            assertEquals(Problem.UNSUPPORTED, error.problem(), error.getMessage());
                          }
                        }
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> rangedReadsEqualSlicesOfTheWholeTensor() throws IOException {
    return fixtures().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    fixture.toString(),
                    () -> {
                      try (CheckpointReader reader =
                          format().open(fixture.location(), fixture.files())) {
                        for (TensorInfo info : reader.tensors()) {
                          if (!info.dtype().isAnalysable()) {
                            continue;
                          }
                          double[] all = reader.load(info).values();
                          Random random = new Random(info.name().hashCode());
                          for (int trial = 0; trial < 4; trial++) {
                            int first = random.nextInt(all.length + 1);
                            int count = random.nextInt(all.length - first + 1);
                            assertArrayEquals(
                                Arrays.copyOfRange(all, first, first + count),
                                reader.read(info, first, count),
                                info.name() + " from " + first + ", " + count);
                          }
                          assertEquals(0, reader.read(info, all.length, 0).length);
                        }
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> readsOutsideATensorAreCallersBugs() throws IOException {
    return fixtures().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    fixture.toString(),
                    () -> {
                      try (CheckpointReader reader =
                          format().open(fixture.location(), fixture.files())) {
                        TensorInfo info =
                            reader.tensors().stream()
                                .filter(t -> t.dtype().isAnalysable())
                                .findFirst()
                                .orElseThrow();
                        long n = info.elementCount();
                        assertThrows(
                            IndexOutOfBoundsException.class, () -> reader.read(info, n, 1));
                        assertThrows(
                            IndexOutOfBoundsException.class, () -> reader.read(info, -1, 1));
                        assertThrows(
                            IndexOutOfBoundsException.class, () -> reader.read(info, 0, -1));
                        TensorInfo foreign =
                            new TensorInfo(
                                "no such tensor", info.dtype(), info.shape(), info.location());
                        assertThrows(
                            IllegalArgumentException.class, () -> reader.read(foreign, 0, 0));
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> detectsTheFormat() throws IOException {
    return fixtures().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    fixture.toString(),
                    () -> {
                      try (InputFile file = fixture.files().open(fixture.location())) {
                        assertEquals(
                            format().name(),
                            CheckpointFormats.detect(file)
                                .map(CheckpointFormat::name)
                                .orElse("none"));
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> malformedInputsGiveTheirTypedErrorQuickly() throws IOException {
    return malformed().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.description(),
                    () -> {
                      CheckpointFormatException error = rejection(m);
                      assertEquals(m.problem(), error.problem(), error.getMessage());
                      assertEquals(m.file(), error.file(), error.getMessage());
                      assertTrue(error.getMessage().contains(m.file()), error.getMessage());
                      if (m.tensor() != null) {
                        assertEquals(m.tensor(), error.tensor(), error.getMessage());
                        assertTrue(error.getMessage().contains(m.tensor()), error.getMessage());
                      }
                      checkAllClosed(m.files());
                    }));
  }

  /** Opens {@code m} and loads every floating-point tensor, which must fail fast and lean. */
  private CheckpointFormatException rejection(Malformed m) {
    return assertTimeoutPreemptively(
        REJECTION_TIME,
        () -> {
          long before = Allocations.ofCurrentThread();
          Throwable thrown = openAndLoadEverything(m);
          long allocated = Allocations.ofCurrentThread() - before;
          assertTrue(
              allocated < REJECTION_HEAP + 4 * inputBytes(m),
              "rejecting it allocated " + allocated + " bytes");
          if (thrown instanceof CheckpointFormatException e) {
            return e;
          }
          throw new AssertionFailedError(
              "expected a CheckpointFormatException (" + m.problem() + "), got " + thrown, thrown);
        },
        m.description());
  }

  private Throwable openAndLoadEverything(Malformed m) {
    try (CheckpointReader reader = format().open(m.location(), m.files())) {
      for (TensorInfo info : reader.tensors()) {
        if (info.dtype().isAnalysable()) {
          reader.load(info);
        }
      }
      return null;
    } catch (Throwable anything) { // everything but the typed error is a failure of the test
      return anything;
    }
  }

  private static long inputBytes(Malformed m) {
    return m.files().totalBytes();
  }

  private static void checkValues(Expected e, double[] values) {
    byte[] stored = new byte[values.length * e.dtype().byteSize()];
    RawFloats.encode(e.dtype(), values, 0, stored, 0, values.length);
    assertEquals(
        e.sha256(), sha256(stored), e.name() + ": sha256 of the values in their stored type");
    double sum = 0;
    double squares = 0;
    for (double v : values) {
      sum += v;
      squares += v * v;
    }
    assertEquals(e.sum(), sum, 1e-9 * Math.max(1, Math.abs(e.sum())), e.name() + ": sum");
    assertEquals(
        e.froNorm(),
        Math.sqrt(squares),
        1e-9 * Math.max(1, e.froNorm()),
        e.name() + ": Frobenius norm");
    assertArrayEquals(
        e.firstValues(),
        Arrays.copyOf(values, e.firstValues().length),
        e.name() + ": first values");
  }

  private static Map<String, Expected> expected(Fixture fixture) {
    Map<String, Expected> expected = new LinkedHashMap<>(ExpectedTensors.of(fixture.model()));
    for (String absent : fixture.absent()) {
      assertNotNull(expected.remove(absent), "expected.json has no tensor " + absent);
    }
    return expected;
  }

  private static Map<String, TensorInfo> byName(List<TensorInfo> tensors) {
    return tensors.stream()
        .collect(Collectors.toMap(TensorInfo::name, Function.identity(), (a, b) -> a));
  }

  private static void checkAllClosed(InputFiles files) {
    if (files instanceof InMemoryInputFiles inMemory) {
      assertEquals(0, inMemory.openCount(), "files left open");
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      return fail(e);
    }
  }
}
