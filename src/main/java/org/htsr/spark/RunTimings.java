package org.htsr.spark;

/**
 * Where a run's time goes: listing (discovery and header planning, wall), reading, solving and
 * fitting (task seconds summed over tasks) and writing (staging and commits, wall).
 */
final class RunTimings {

  private double listing;
  private double reading;
  private double solving;
  private double fitting;
  private double writing;

  void addListing(double seconds) {
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

  double listing() {
    return listing;
  }

  double reading() {
    return reading;
  }

  double solving() {
    return solving;
  }

  double fitting() {
    return fitting;
  }

  double writing() {
    return writing;
  }

  static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
