package org.htsr.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A main class of htsr in a JVM of its own, with the test classpath and the JVM flags Spark needs:
 * a job as the launcher runs it, without the test JVM's Spark session.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /** A process builder for {@code main} with {@code args}, one OpenBLAS thread, Spark on loopback. */
  public static ProcessBuilder of(Class<?> main, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(Arrays.asList(System.getProperty("htsr.jvm.flags").trim().split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb;
  }
}
