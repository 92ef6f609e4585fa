package org.htsr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.htsr.config.OptionsParser;
import org.htsr.testing.LocalSpark;
import org.junit.jupiter.api.Test;

class StartingContextTest {

  @Test
  void aRunningContextIsReturnedWithItsOwnConfigurations() {
    SparkContext sc = LocalSpark.session().sparkContext();
    StartingContext running = StartingContext.running(sc);
    assertSame(sc, running.await());
    assertSame(sc.hadoopConfiguration(), running.hadoopConfiguration());
    assertEquals(sc.master(), running.master());
    assertEquals(sc.isLocal(), running.isLocal());
    assertEquals(sc.version(), StartingContext.sparkVersion());
  }

  @Test
  void theHadoopConfigurationBeforeTheStartIsTheOneTheContextMakes() throws Exception {
    SparkContext sc = LocalSpark.session().sparkContext();
    StartingContext starting = SparkSessions.startContextBeside("htsr test",
        OptionsParser.parse(List.of("--conf", "spark.hadoop.htsr.test.key=seen", "in"), ""));
    Configuration early = starting.hadoopConfiguration();
    // the test JVM's context is running already: the start joins it (getOrCreate)
    assertSame(sc, starting.await());
    assertEquals("seen", early.get("htsr.test.key"));
    assertEquals(org.htsr.table.ForklessLocalFileSystem.class.getName(), early.get("fs.file.impl"));
  }

  @Test
  void aStartRefusingAnArgumentIsABadArgumentAndAnyOtherFailureItself() {
    SparkConf conf = new SparkConf(false).set("spark.master", "local[2]");
    StartingContext refused = new StartingContext(conf, new Configuration(false),
        CompletableFuture.failedFuture(new IllegalArgumentException("spark.executor.cores: not a number")));
    StartingContext.BadArgument bad = assertThrows(StartingContext.BadArgument.class, refused::await);
    assertTrue(bad.getMessage().contains("spark.executor.cores"), bad.getMessage());

    StartingContext failed = new StartingContext(conf, new Configuration(false),
        CompletableFuture.failedFuture(new IllegalStateException("no port")));
    assertEquals("no port", assertThrows(IllegalStateException.class, failed::await).getMessage());
  }

  @Test
  void localModeIsTheMasterLocalOrLocalWithThreads() {
    for (String master : List.of("local", "local[*]", "local[3]")) {
      assertTrue(at(master).isLocal(), master);
    }
    for (String master : List.of("local-cluster[2,1,1024]", "spark://host:7077", "yarn")) {
      assertFalse(at(master).isLocal(), master);
    }
  }

  private static StartingContext at(String master) {
    return new StartingContext(new SparkConf(false).set("spark.master", master), new Configuration(false), new CompletableFuture<>());
  }
}
