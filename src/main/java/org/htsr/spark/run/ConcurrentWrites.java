package org.htsr.spark.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a batch's table writes as concurrent Spark jobs and waits for all of them. */
final class ConcurrentWrites {

  private ConcurrentWrites() {}

  static void runAll(List<Runnable> writes) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, writes.size()), DriverThreads.named("htsr-table-writer"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable w : writes) {
        futures.add(pool.submit(w));
      }
      for (Future<?> f : futures) {
        Causes.await(f, "writing the tables");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
