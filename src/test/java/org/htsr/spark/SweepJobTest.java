package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.htsr.table.TableStore;
import org.htsr.table.TablesLock;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler entry: roots from the conf file, the overlap guard, one status line. */
class SweepJobTest {

  @TempDir Path work;

  @Test
  void sweepsTheConfiguredRootsAndRefusesToOverlap() throws Exception {
    Path zoo = Files.createDirectories(work.resolve("zoo"));
    Files.copy(SharedData.resolve("models/gnubg-mlp.safetensors"), zoo.resolve("gnubg-mlp.safetensors"));
    Path out = work.resolve("out");
    Path conf = Files.createDirectories(work.resolve("conf"));
    Files.writeString(conf.resolve("htsr.properties"), "htsr.roots = " + zoo + "\nhtsr.out = " + out + "\n");
    List<String> args = List.of("--conf-dir", conf.toString());

    TableStore store = TableStore.open(LocalSpark.session(), out.toString());
    try (TablesLock other = store.lock("someone-else")) {
      Result refused = sweep(args);
      assertEquals(0, refused.status, "a refused start is not a failed sweep");
      assertTrue(refused.stdout.startsWith("htsr sweep: not started:") && refused.stdout.contains("someone-else"), refused.stdout);
      assertEquals(1, AnalyzeJob.run(List.of("--out", out.toString(), zoo.toString()), System.out, System.err),
          "jobs/analyze refuses too, as a run that could not proceed");
    }

    Result done = sweep(args);
    assertEquals(0, done.status);
    assertEquals(1, done.stdout.lines().count(), "one status line on stdout: " + done.stdout);
    assertTrue(done.stdout.contains("completed") && done.stdout.contains(": 1 new, 0 skipped, 0 failed"), done.stdout);
    Result again = sweep(args);
    assertTrue(again.stdout.contains(": 0 new, 1 skipped, 0 failed"), again.stdout);

    Files.writeString(conf.resolve("htsr.properties"), "htsr.roots = " + zoo + "\nhtsr.batch-size = lots\n");
    Result bad = sweep(args);
    assertEquals(2, bad.status);
    assertTrue(bad.stdout.startsWith("htsr sweep: failed:"), bad.stdout);
  }

  private record Result(int status, String stdout) {}

  private static Result sweep(List<String> args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int status = SweepJob.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err);
    return new Result(status, buffer.toString(StandardCharsets.UTF_8));
  }
}
