package org.htsr.spark.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * I/O-bound work on the driver (reading headers, digesting files) on a few daemon threads, results
 * in the order of the inputs. The function must turn expected failures into results: anything it
 * throws is a bug and ends the run.
 */
final class DriverThreads {

  private DriverThreads() {}

  /** Daemon threads called {@code name}: a run that ends does not wait for them. */
  static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  static <T, R> List<R> map(List<T> items, int threads, String name, Function<T, R> work) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, items.size())), named(name));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        Callable<R> call = () -> work.apply(item);
        futures.add(pool.submit(call));
      }
      List<R> out = new ArrayList<>(items.size());
      for (Future<R> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
