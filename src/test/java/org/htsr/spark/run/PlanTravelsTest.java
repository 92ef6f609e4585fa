package org.htsr.spark.run;

import org.htsr.spark.discovery.CheckpointRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.htsr.config.SettingsParser;
import org.htsr.io.LocalInputFiles;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.io.metadata.MetadataCollector;
import org.htsr.model.DType;
import org.htsr.model.LayerSpec;
import org.htsr.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan is made once, on the driver, and travels: executors open the file in the planned format
 * and analyse exactly the planned specs, without detecting or planning again.
 */
class PlanTravelsTest {

  @TempDir Path dir;

  @Test
  void aTaskSurvivesJavaSerializationWithItsSlicedSpecs() throws Exception {
    Path file = write(dir.resolve("conv.safetensors"), 16);
    PlanOutcome plan = HeaderPlanner.planOne(ref(file), settings("--no-pool"), MetadataCollector.standard(), new LocalInputFiles());
    List<LayerSpec> specs = plan.tasks().stream().flatMap(t -> t.specs().stream()).toList();
    assertTrue(specs.stream().anyMatch(s -> s.slice().isPresent()), "per-slice specs planned: " + specs);

    for (LayerTask task : plan.tasks()) {
      assertEquals(task, roundTrip(task));
    }
  }

  @Test
  void theExecutorAnalysesThePlannedSpecsEvenWhereItsOwnPlannerWouldNot() throws Exception {
    Path file = write(dir.resolve("model.safetensors"), 16);
    PlanOutcome plan = HeaderPlanner.planOne(ref(file), settings(), MetadataCollector.standard(), new LocalInputFiles());
    assertEquals("safetensors", plan.format());
    int planned = plan.tasks().stream().mapToInt(LayerTask::layers).sum();
    assertEquals(2, planned, "the 2-D layer and the pooled conv layer");

    // settings under which planning would select nothing: the executor must not plan
    TaskSettings strict = settings("--min-evals", "100000");
    int analysed = 0;
    for (LayerTask task : plan.tasks()) {
      TaskOutcome outcome = ExecutorTasks.analyze(roundTrip(task), strict, new LocalInputFiles());
      assertEquals(List.of(), outcome.failures());
      analysed += outcome.layers().size();
    }
    assertEquals(planned, analysed);
  }

  @Test
  void aFileReplacedAfterPlanningFailsNamingTheTensor() throws Exception {
    Path file = write(dir.resolve("moving.safetensors"), 16);
    PlanOutcome plan = HeaderPlanner.planOne(ref(file), settings(), MetadataCollector.standard(), new LocalInputFiles());
    write(file, 24); // same names, other shapes

    TaskOutcome outcome = ExecutorTasks.analyze(plan.tasks().get(0), settings(), new LocalInputFiles());
    assertEquals(List.of(), outcome.layers());
    Row failure = outcome.failures().get(0);
    assertEquals("BAD_HEADER", failure.get(Tables.schema(Tables.FAILURES).fieldIndex("error_class")));
    String message = (String) failure.get(Tables.schema(Tables.FAILURES).fieldIndex("message"));
    assertTrue(message.contains("planned from the header is gone or changed") && message.contains("fc.weight"), message);
  }

  private static Path write(Path file, int width) throws Exception {
    SplittableRandom random = new SplittableRandom(width);
    try (OutputStream out = Files.newOutputStream(file)) {
      new SafetensorsWriter()
          .add("fc.weight", DType.F32, List.of((long) 3 * width, (long) width), uniform(random, 3 * width * width))
          .add("conv.weight", DType.F32, List.of((long) width, (long) width, 3L, 3L), uniform(random, width * width * 9))
          .writeTo(out);
    }
    return file;
  }

  private static double[] uniform(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() - 0.5;
    }
    return v;
  }

  private static CheckpointRef ref(Path file) throws Exception {
    return new CheckpointRef(file.toString(), List.of(file.toString()), Files.size(file), 0, "m", null, null);
  }

  private static TaskSettings settings(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.add("in");
    return TaskSettings.of(SettingsParser.parse(all), "run", Long.MAX_VALUE);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
