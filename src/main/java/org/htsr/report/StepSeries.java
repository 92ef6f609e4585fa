package org.htsr.report;

import java.util.List;
import java.util.stream.DoubleStream;
import org.jfree.data.xy.XYSeries;

/** One curve across training steps: a layer's α, say, or a checkpoint mean. */
record StepSeries(String label, List<Point> points) {

  record Point(long step, double value) {}

  DoubleStream steps() {
    return points.stream().mapToDouble(Point::step);
  }

  /** The curve as a chart series keyed by its label, sorted by step. */
  XYSeries xy() {
    XYSeries out = new XYSeries(label, true);
    points.forEach(p -> out.add(p.step(), p.value()));
    return out;
  }
}
