package org.htsr.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real Spark standalone cluster on 127.0.0.1, made of separate JVMs started from the project's
 * own dependency jars (target/lib; no Spark installation): a Master, Workers, and jobs submitted
 * through spark-submit's entry point. The executor launcher needs a "Spark home" whose jars/ is
 * target/lib and SPARK_SCALA_VERSION (spark-notes §4).
 */
public final class StandaloneCluster implements AutoCloseable {

  private final Path work;
  private final List<Process> processes = new ArrayList<>();
  private final String masterUrl;
  private final Path sparkHome;

  private StandaloneCluster(Path work, String masterUrl, Path sparkHome) {
    this.work = work;
    this.masterUrl = masterUrl;
    this.sparkHome = sparkHome;
  }

  /** Starts a Master and {@code workers} Workers of {@code cores} cores each; waits until all registered. */
  public static StandaloneCluster start(Path work, int workers, int cores) throws IOException, InterruptedException {
    Path sparkHome = Files.createDirectories(work.resolve("sparkhome"));
    Path jars = sparkHome.resolve("jars");
    if (!Files.exists(jars)) {
      // Spark's own jars, as an installation has them: not the bundled OpenBLAS, which executors
      // must get from htsr-job.jar alone
      Files.createDirectories(jars);
      try (var lib = Files.list(Path.of(System.getProperty("htsr.lib")).toAbsolutePath())) {
        for (Path jar : lib.toList()) {
          String name = jar.getFileName().toString();
          if (!name.startsWith("javacpp-") && !name.startsWith("openblas-")) {
            Files.createSymbolicLink(jars.resolve(name), jar);
          }
        }
      }
    }
    int port = freePort();
    int webUi = freePort();
    StandaloneCluster cluster = new StandaloneCluster(work, "spark://127.0.0.1:" + port, sparkHome);
    Path masterLog = work.resolve("master.log");
    cluster.spawn(masterLog, List.of("-Xmx512m"), "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webUi));
    for (int w = 0; w < workers; w++) {
      Path log = work.resolve("worker" + w + ".log");
      cluster.spawn(log, List.of("-Xmx512m"), "org.apache.spark.deploy.worker.Worker", cluster.masterUrl,
          "--host", "127.0.0.1", "--cores", String.valueOf(cores), "--memory", "3g",
          "--webui-port", String.valueOf(freePort()), "--work-dir", work.resolve("work" + w).toString());
    }
    // the Master's JSON status page says when the workers are registered (logs may be at WARN)
    cluster.awaitAliveWorkers(webUi, workers, Duration.ofSeconds(150), masterLog);
    return cluster;
  }

  public String masterUrl() {
    return masterUrl;
  }

  /**
   * Runs {@code spark-submit --class mainClass htsr-job.jar args} in client mode against this
   * cluster; returns the exit status, with the driver's output in {@code log}.
   */
  public int submit(Path log, String mainClass, List<String> submitConf, List<String> args) throws IOException, InterruptedException {
    Process p = submitAsync(log, mainClass, submitConf, args);
    boolean done = p.waitFor(Duration.ofMinutes(8).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    if (!done) {
      p.destroyForcibly();
      throw new IllegalStateException("spark-submit did not finish in 8 minutes; see " + log);
    }
    processes.remove(p);
    return p.exitValue();
  }

  /** Starts spark-submit like {@link #submit} without waiting for it. */
  public Process submitAsync(Path log, String mainClass, List<String> submitConf, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false"));
    command.addAll(submitConf);
    command.addAll(List.of("--class", mainClass, System.getProperty("htsr.jar")));
    command.addAll(args);
    return spawn(log, List.of("-Xmx1g"), "org.apache.spark.deploy.SparkSubmit", command.toArray(String[]::new));
  }

  /**
   * Runs {@code bin/spark-submit ARGS} as a Spark distribution does: Spark's launcher
   * ({@code org.apache.spark.launcher.Main}, what bin/spark-class runs) builds the driver's java
   * command from this cluster's Spark home — with {@code --driver-java-options} and the rest of
   * spark-submit's handling — and that command runs in client mode against this cluster.
   */
  public int sparkSubmit(Path log, List<String> sparkSubmitArgs) throws IOException, InterruptedException {
    List<String> launcher = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("htsr.lib") + "/*", "org.apache.spark.launcher.Main", "org.apache.spark.deploy.SparkSubmit",
        "--master", masterUrl, "--deploy-mode", "client",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.ui.enabled=false"));
    launcher.addAll(sparkSubmitArgs);
    ProcessBuilder build = new ProcessBuilder(launcher);
    environment(build.environment());
    Process p = build.start();
    byte[] command = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("Spark's launcher failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    // the launcher prints a "\0\n" marker, then the command's arguments each ended by a NUL byte
    // (bin/spark-class reads them so)
    String printed = new String(command, StandardCharsets.UTF_8);
    int marker = printed.indexOf("\0\n");
    List<String> driver = new ArrayList<>(Arrays.asList(printed.substring(marker < 0 ? 0 : marker + 2).split("\0")));
    driver.removeIf(String::isEmpty);
    ProcessBuilder run = new ProcessBuilder(driver).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(run.environment());
    Process submitted = run.start();
    processes.add(submitted);
    if (!submitted.waitFor(8, java.util.concurrent.TimeUnit.MINUTES)) {
      submitted.destroyForcibly();
      throw new IllegalStateException("spark-submit did not finish in 8 minutes; see " + log);
    }
    processes.remove(submitted);
    return submitted.exitValue();
  }

  /** Waits until {@code log} contains {@code text}. */
  public static void awaitLine(Path log, String text, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("'" + text + "' not seen in " + log + " within " + timeout);
  }

  /** PIDs of the executor JVMs the workers launched (CoarseGrainedExecutorBackend). */
  public List<Long> executorPids() {
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().arguments().map(a -> Arrays.asList(a).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false))
        .map(ProcessHandle::pid)
        .toList();
  }

  private Process spawn(Path log, List<String> heap, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(heap);
    cmd.addAll(Arrays.asList(System.getProperty("htsr.jvm.flags").trim().split("\\s+")));
    cmd.add("-cp");
    cmd.add(System.getProperty("htsr.jar") + ":" + System.getProperty("htsr.lib") + "/*");
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb.environment());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** What every JVM of the cluster gets: the Spark home (jars/ = target/lib) and loopback. */
  private void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OPENBLAS_NUM_THREADS", "1");
  }

  private void awaitAliveWorkers(int webUi, int workers, Duration timeout, Path masterLog) throws IOException, InterruptedException {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + webUi + "/json/")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) >= workers) {
          return;
        }
      } catch (java.net.ConnectException | java.net.http.HttpTimeoutException notUpYet) {
        // the Master is still starting
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(workers + " workers not alive within " + timeout + "; master status: " + last
        + "\nmaster log:\n" + Files.readString(masterLog, StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    // executors are children of the workers; make sure none outlives the test
    for (Long pid : executorPids()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  public Path work() {
    return work;
  }
}
