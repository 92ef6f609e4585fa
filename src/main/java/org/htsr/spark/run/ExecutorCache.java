package org.htsr.spark.run;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.htsr.analysis.CheckpointAnalyzer;

/**
 * What an executor JVM builds once per run instead of once per task: the analyzer for a run's
 * settings (its solver binds the native library, its fitter and planner are stateless, so one
 * instance serves every task thread).
 */
final class ExecutorCache {

  private static final ConcurrentMap<List<Object>, CheckpointAnalyzer> ANALYZERS = new ConcurrentHashMap<>();

  private ExecutorCache() {}

  static CheckpointAnalyzer analyzer(TaskSettings settings) {
    return ANALYZERS.computeIfAbsent(settings.analyzerKey(), key -> settings.analyzer());
  }
}
