package org.htsr.io;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/** Heap bytes allocated by the current thread (HotSpot's per-thread counter). */
public final class Allocations {

  private Allocations() {}

  public static long ofCurrentThread() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()) {
      return threads.getCurrentThreadAllocatedBytes();
    }
    Assumptions.abort("this JVM does not count allocated bytes per thread");
    return 0;
  }
}
