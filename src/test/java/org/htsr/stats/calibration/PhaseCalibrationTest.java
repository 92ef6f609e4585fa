package org.htsr.stats.calibration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.htsr.stats.FitException;
import org.junit.jupiter.api.Test;

/**
 * The calibration requirement: every case lands in its expected phase for at least 95% of seeds,
 * at each size and aspect ratio. By default a CI-sized grid (20 seeds at M = 256, 5 at M = 1024,
 * both sizes and all Q); {@code -Dhtsr.calibration=full} runs 20 seeds everywhere and prints the
 * confusion matrix of docs/phases.md.
 */
class PhaseCalibrationTest {

  static final double REQUIRED_HIT_RATE = 0.95;

  @Test
  void everyCaseLandsInItsPhase() throws FitException {
    boolean full = "full".equals(System.getProperty("htsr.calibration"));
    long start = System.nanoTime();
    List<PhaseCalibration.Cell> cells = PhaseCalibration.grid(20, full ? 20 : 5);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println(PhaseCalibration.markdown(cells));
    System.out.println(PhaseCalibration.featureRanges(cells));
    System.out.printf("calibration grid (%s): %.1f s%n", full ? "full" : "CI", seconds);
    List<PhaseCalibration.Cell> failing = cells.stream().filter(c -> c.hitRate() < REQUIRED_HIT_RATE).toList();
    assertTrue(failing.isEmpty(), failing.stream()
        .map(c -> c.calibrationCase() + " M=" + c.m() + " Q=" + c.q() + " " + c.counts() + "\n  " + String.join("\n  ", c.misses()))
        .collect(Collectors.joining("\n")));
  }
}
