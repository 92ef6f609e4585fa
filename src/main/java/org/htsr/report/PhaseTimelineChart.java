package org.htsr.report;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The phase of every layer at every step of a model: a grid with steps across (in order, equally
 * spaced, labelled with the step) and layers down (in layer_index order), each cell coloured by
 * the layer's 5+1 phase; a blank cell is a layer without a label at that step.
 */
final class PhaseTimelineChart {

  /** Beyond this many layers their names would overprint each other; the axis shows positions instead. */
  static final int NAMED_ROWS = 120;

  private PhaseTimelineChart() {}

  /** One coloured cell: indices into {@link Data#steps} and {@link Data#layers}. */
  record Cell(int step, int layer, String phase) {}

  record Data(String title, String subtitle, List<Long> steps, List<String> layers, List<Cell> cells) {}

  static JFreeChart build(Data data) {
    int n = data.cells().size();
    double[][] xyz = new double[3][n];
    Set<String> others = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      Cell c = data.cells().get(i);
      xyz[0][i] = c.step();
      xyz[1][i] = c.layer();
      xyz[2][i] = PhaseStyle.of(c.phase()).map(Enum::ordinal).orElse(PhaseStyle.values().length);
      if (PhaseStyle.of(c.phase()).isEmpty()) {
        others.add(c.phase());
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("phase", xyz);

    LookupPaintScale scale = new LookupPaintScale(0, PhaseStyle.values().length + 1, Color.WHITE);
    LegendItemCollection legend = new LegendItemCollection();
    for (PhaseStyle p : PhaseStyle.values()) {
      scale.add(p.ordinal(), p.color());
      legend.add(swatch(p.label(), p.color()));
    }
    scale.add(PhaseStyle.values().length, PhaseStyle.OTHER);
    if (!others.isEmpty()) {
      legend.add(swatch("other: " + String.join(", ", others), PhaseStyle.OTHER));
    }
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);
    renderer.setBlockWidth(0.95);
    renderer.setBlockHeight(0.9);

    SymbolAxis x = new SymbolAxis("training step", data.steps().stream().map(String::valueOf).toArray(String[]::new));
    x.setLabelFont(Charts.LABEL);
    x.setGridBandsVisible(false);
    ValueAxis y;
    if (data.layers().size() <= NAMED_ROWS) {
      SymbolAxis names = new SymbolAxis("layer", data.layers().toArray(String[]::new));
      names.setGridBandsVisible(false);
      y = names;
    } else {
      NumberAxis positions = new NumberAxis("layer (position in layer_index order)");
      positions.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      y = positions;
    }
    y.setLabelFont(Charts.LABEL);
    y.setInverted(true);
    y.setRange(-0.5, data.layers().size() - 0.5);
    x.setRange(-0.5, data.steps().size() - 0.5);
    XYPlot plot = Charts.plot(x, y);
    plot.setDataset(dataset);
    plot.setRenderer(renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setFixedLegendItems(legend);
    return Charts.chart(data.title(), data.subtitle(), plot);
  }

  private static LegendItem swatch(String label, Color colour) {
    return new LegendItem(label, null, null, null, new Rectangle2D.Double(-6, -6, 12, 12), colour);
  }
}
