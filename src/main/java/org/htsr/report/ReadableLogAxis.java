package org.htsr.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

/**
 * A base-10 log axis labelled at whole decades (10^k) and, when fewer than two decades fall in
 * its range, also at 2× and 5× (every mantissa below half a decade), written plainly ("0.002",
 * "5e-4"): JFreeChart's LogAxis labels whole decades only, so a range of less than a decade (most
 * layers' ESDs above the fit threshold, a series of batch sizes) showed one label or none.
 */
final class ReadableLogAxis extends LogAxis {

  private static final long serialVersionUID = 1L;

  ReadableLogAxis(String label) {
    super(label);
  }

  @Override
  protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return relabel(super.refreshTicksHorizontal(g2, dataArea, edge), edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
  }

  @Override
  protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return relabel(super.refreshTicksVertical(g2, dataArea, edge), edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private List relabel(List ticks, TextAnchor anchor) {
    Range range = getRange();
    long decades = ((List<ValueTick>) ticks).stream()
        .filter(t -> t.getTickType() == TickType.MAJOR && range.contains(t.getValue())).count();
    if (decades >= 2 || !(range.getLowerBound() > 0)) {
      return ticks;
    }
    boolean narrow = Math.log10(range.getUpperBound() / range.getLowerBound()) < 0.5;
    List<ValueTick> out = new ArrayList<>((List<ValueTick>) ticks);
    for (int k = (int) Math.floor(Math.log10(range.getLowerBound())); k <= (int) Math.ceil(Math.log10(range.getUpperBound())); k++) {
      for (int mantissa = 2; mantissa <= 9; mantissa++) {
        double v = mantissa * Math.pow(10, k);
        if ((narrow || mantissa == 2 || mantissa == 5) && range.contains(v)) {
          out.add(new NumberTick(TickType.MAJOR, v, Numbers.format(v), anchor, anchor, 0.0));
        }
      }
    }
    return out;
  }
}
