package org.htsr.spark.run;

/** Exceptions told in one line, for stderr and the rows of the failures and runs tables. */
public final class Causes {

  private Causes() {}

  /** The exception's first line, and its innermost I/O cause (else its root cause), on one line. */
  public static String oneLine(Throwable e) {
    Throwable root = e;
    Throwable io = null;
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      root = t;
      if (t instanceof java.io.IOException && t.getMessage() != null) {
        io = t;
      }
    }
    Throwable cause = io != null ? io : root;
    String top = firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    String why = cause.getClass().getSimpleName() + ": " + firstLine(String.valueOf(cause.getMessage()));
    if (cause == e || top.contains(String.valueOf(cause.getMessage()))) {
      return top;
    }
    return top + " (cause: " + why + ")";
  }

  /**
   * Waits for a driver thread's result: its failure is rethrown as {@link #unchecked} says, an
   * interrupt as an IllegalStateException ("interrupted while {@code what}").
   */
  public static <T> T await(java.util.concurrent.Future<T> result, String what) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw unchecked(e, what);
    }
  }

  /**
   * What a driver thread's failure is rethrown as on the thread that waits for it: its own
   * unchecked exception or error as it is, anything else (Spark's SparkException, which Scala
   * throws undeclared) as an IllegalStateException saying {@code what} failed.
   */
  public static RuntimeException unchecked(java.util.concurrent.ExecutionException e, String what) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(what + " failed: " + cause, cause);
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
