package org.htsr.spark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.htsr.spark.AnalyzeJob;
import org.htsr.table.TableStore;
import org.htsr.testing.LocalSpark;
import org.htsr.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches overlap: a batch is written and committed while the next one is analysed, and the
 * commits still come one at a time, in batch order, each with its own rows.
 */
class BatchPipelineTest {

  @TempDir Path out;

  /** A Spark job's group and when it started and ended (the listener bus's clock). */
  private record JobSpan(String group, long start, long end) {}

  @Test
  void eachBatchIsWrittenWhileTheNextIsAnalysedAndCommitsComeInBatchOrder() throws Exception {
    SparkSession spark = LocalSpark.session();
    Map<Integer, String> groups = new ConcurrentHashMap<>();
    Map<Integer, Long> starts = new ConcurrentHashMap<>();
    Map<Integer, Long> ends = new ConcurrentHashMap<>();
    SparkListener jobs = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
        groups.put(start.jobId(), group == null ? "" : group);
        starts.put(start.jobId(), start.time());
      }

      @Override
      public void onJobEnd(SparkListenerJobEnd end) {
        ends.put(end.jobId(), end.time());
      }
    };
    spark.sparkContext().addSparkListener(jobs);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int status;
    try {
      status = AnalyzeJob.run(List.of("--out", out.toString(), "--batch-size", "2",
              SharedData.resolve("models").toString(), SharedData.resolve("synthetic").toString()),
          new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err);
    } finally {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(jobs);
    }
    String log = buffer.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, log);

    // five batches of two checkpoints, each committed once, in batch order
    List<JsonNode> commits = new ArrayList<>();
    try (Stream<Path> records = Files.list(out.resolve("_commits"))) {
      for (Path p : records.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        commits.add(new ObjectMapper().readTree(p.toFile()));
      }
    }
    assertEquals(5, commits.size(), log);
    Map<String, Instant> committedAt = new TreeMap<>();
    for (JsonNode c : commits) {
      committedAt.put(c.get("batch").asText(), Instant.parse(c.get("committed_at").asText()));
    }
    List<Instant> inBatchOrder = new ArrayList<>(committedAt.values());
    List<Instant> sorted = new ArrayList<>(inBatchOrder);
    sorted.sort(null);
    assertEquals(sorted, inBatchOrder, "commits out of batch order: " + committedAt);

    // every checkpoint's rows once
    TableStore.open(spark, out.toString()).registerViews();
    assertEquals(10, spark.sql("SELECT count(*) FROM checkpoints").first().getLong(0));
    assertEquals(0, spark.sql("SELECT count(*) FROM (SELECT checkpoint, layer_name FROM layers GROUP BY 1, 2 HAVING count(*) > 1)")
        .first().getLong(0));
    assertEquals(spark.sql("SELECT count(*) FROM layers").first().getLong(0), spark.sql("SELECT count(*) FROM esd").first().getLong(0));

    // a batch's write job ran while the next batch's analysis job ran (run one batch after the
    // other, each write job ends before the next analysis job starts)
    List<JobSpan> spans = new ArrayList<>();
    groups.forEach((id, group) -> spans.add(new JobSpan(group, starts.get(id), ends.getOrDefault(id, Long.MAX_VALUE))));
    List<JobSpan> writes = spans.stream().filter(s -> s.group().startsWith("htsr-write-")).toList();
    List<JobSpan> analyses = spans.stream().filter(s -> s.group().startsWith("htsr-analyze-")).toList();
    assertEquals(5, writes.size(), spans.toString());
    assertEquals(5, analyses.size(), spans.toString());
    boolean overlapped = writes.stream().anyMatch(w -> analyses.stream()
        .anyMatch(a -> !a.group().substring("htsr-analyze-".length()).equals(w.group().substring("htsr-write-".length()))
            && a.start() < w.end() && w.start() < a.end()));
    assertTrue(overlapped, "no batch was written while another was analysed: " + spans);

    // each batch's write job is submitted before the next batch's analysis job, so that Spark's
    // FIFO scheduler runs its tasks first instead of queueing them behind the next batch's
    Map<String, Integer> analyseJob = new TreeMap<>();
    Map<String, Integer> writeJob = new TreeMap<>();
    groups.forEach((id, group) -> {
      if (group.startsWith("htsr-analyze-")) {
        analyseJob.put(group.substring("htsr-analyze-".length()), id);
      } else if (group.startsWith("htsr-write-")) {
        writeJob.put(group.substring("htsr-write-".length()), id);
      }
    });
    List<String> batchesInOrder = analyseJob.keySet().stream().sorted(java.util.Comparator.comparing(analyseJob::get)).toList();
    for (int i = 0; i + 1 < batchesInOrder.size(); i++) {
      String batch = batchesInOrder.get(i);
      String next = batchesInOrder.get(i + 1);
      assertTrue(writeJob.get(batch) < analyseJob.get(next),
          "batch " + batch + "'s write job " + writeJob.get(batch) + " came after the next batch's analysis job " + analyseJob.get(next)
              + ": " + groups);
    }
  }
}
