package org.htsr.spark.run;

/**
 * Where a run's time goes: listing (discovery and header planning, wall), reading, solving and
 * fitting (task seconds summed over tasks) and writing (staging and commits, wall).
 */
public final class RunTimings {

  private double listing;
  private double reading;
  private double solving;
  private double fitting;
  private double writing;

  public void addListing(double seconds) {
    listing += seconds;
  }

  void addWriting(double seconds) {
    writing += seconds;
  }

  void addTask(LayerSummary layer) {
    reading += layer.secondsRead();
    solving += layer.secondsEigen();
    fitting += layer.secondsFit();
  }

  public double listing() {
    return listing;
  }

  public double reading() {
    return reading;
  }

  public double solving() {
    return solving;
  }

  public double fitting() {
    return fitting;
  }

  public double writing() {
    return writing;
  }

  public static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
