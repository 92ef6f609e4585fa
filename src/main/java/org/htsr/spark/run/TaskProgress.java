package org.htsr.spark.run;

import java.io.Serializable;

/**
 * What one {@link LayerTask} reports for its checkpoint's progress line, through an accumulator
 * that arrives with its Spark task's end: a Spark task may analyse several small checkpoints
 * ({@link TaskGroups}), so the line cannot take its numbers from the Spark task.
 *
 * @param seconds the task's own wall time on its executor
 */
record TaskProgress(String checkpoint, int succeededLayers, double seconds) implements Serializable {}
