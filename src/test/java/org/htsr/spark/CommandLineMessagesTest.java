package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.model.DType;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and an unusable --out: one line naming the cause, and the documented exit status. */
class CommandLineMessagesTest {

  @TempDir Path work;

  @Test
  void badValuesAreOneLineAndExit2() throws Exception {
    Path input = Files.write(work.resolve("m.safetensors"), new SafetensorsWriter()
        .add("w", DType.F32, List.of(4L, 3L), new double[12]).toByteArray());
    for (List<String> args : List.of(
        List.of("--conf", "spark.executor.memory=banana"),
        List.of("--conf", "spark.executor.cores=two"),
        List.of("--max-tensor-elements", "0"),
        List.of("--max-tensor-elements", "-5"))) {
      List<String> all = new ArrayList<>(args);
      all.addAll(List.of("--out", work.resolve("out").toString(), input.toString()));
      Result r = run(all);
      assertEquals(2, r.status, args + ": " + r.err);
      String first = r.err.lines().findFirst().orElse("");
      assertTrue(first.startsWith("htsr analyze: ") && first.contains(args.get(1).split("=")[0]), args + ": " + r.err);
      assertEquals(2, r.err.lines().count(), "the message and the --help hint: " + r.err);
    }
  }

  @Test
  void anUnusableOutNamesTheCause() throws Exception {
    LocalSpark.session();
    Path input = Files.write(work.resolve("m.safetensors"), new SafetensorsWriter()
        .add("w", DType.F32, List.of(4L, 3L), new double[12]).toByteArray());
    Path notADirectory = Files.writeString(work.resolve("plain-file"), "x");
    Result r = run(List.of("--out", notADirectory.resolve("out").toString(), input.toString()));
    assertEquals(1, r.status, r.err);
    assertEquals(1, r.err.lines().count(), r.err);
    assertTrue(r.err.contains("plain-file") && r.err.toLowerCase().contains("not a directory"), r.err);
  }

  private record Result(int status, String err) {}

  private static Result run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AnalyzeJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, err.toString(StandardCharsets.UTF_8));
  }
}
