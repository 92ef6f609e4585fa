package org.htsr.spark.run;

/**
 * Where a run's time goes: listing (discovery and header planning, wall), reading, solving and
 * fitting (task seconds summed over tasks) and writing (staging and commits, wall, overlapping the
 * next batch's analysis: {@link BatchPipeline}). Batches add to it from several driver threads
 * (the batch's, its committer's and the planner's that reads the next batch's headers).
 */
public final class RunTimings {

  private double listing;
  private double reading;
  private double solving;
  private double fitting;
  private double writing;

  public synchronized void addListing(double seconds) {
    listing += seconds;
  }

  synchronized void addWriting(double seconds) {
    writing += seconds;
  }

  synchronized void addTask(LayerSummary layer) {
    reading += layer.secondsRead();
    solving += layer.secondsEigen();
    fitting += layer.secondsFit();
  }

  public synchronized double listing() {
    return listing;
  }

  public synchronized double reading() {
    return reading;
  }

  public synchronized double solving() {
    return solving;
  }

  public synchronized double fitting() {
    return fitting;
  }

  public synchronized double writing() {
    return writing;
  }

  public static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
