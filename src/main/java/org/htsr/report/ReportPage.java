package org.htsr.report;

import java.awt.Color;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.htsr.model.RowStatus;

/**
 * The report's one HTML page: summary, trends across steps, a section per checkpoint (table of
 * layers, α through the network, per-layer plots), failures, and how to read the plots. Self-
 * contained: inline CSS, no script, images by relative path under img/.
 */
final class ReportPage {

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:0 auto;max-width:1400px;padding:0 24px 48px;color:#222}
      h1{margin:24px 0 4px}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:36px}
      .meta{color:#555;margin:0 0 12px}nav a{margin-right:16px}
      table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ddd;padding:3px 8px;vertical-align:top}
      th{background:#f3f3f3;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
      tr.failed td{background:#fdecea}.warn{color:#b45309;white-space:nowrap}.wide{overflow-x:auto;max-width:100%}
      .note{background:#f6f8fa;border-left:4px solid #3a6ea5;padding:6px 12px;margin:8px 0}
      pre{background:#f6f8fa;padding:8px;overflow-x:auto;max-width:100%}
      details{margin:12px 0;border:1px solid #ddd;border-radius:4px;padding:4px 12px}
      summary{cursor:pointer;font-weight:600;padding:4px 0}
      .plots{display:flex;flex-wrap:wrap;gap:12px}
      figure{margin:0}figure img{max-width:100%;height:auto;border:1px solid #eee}
      figcaption{font-size:12px;color:#555}
      .layer{margin:16px 0}.layer h4{margin:4px 0}
      .swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border:1px solid #999}
      """;

  private ReportPage() {}

  static String render(ReportData data, List<TrendSection> trends, Optional<ComparisonSection> comparison, List<CheckpointSection> sections,
      Instant generated) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>htsr report</title>\n<style>")
        .append(CSS).append("</style></head>\n<body>\n<h1>htsr report</h1>\n")
        .append("<p class=\"meta\">Tables ").append(Html.escape(data.source()))
        .append(" · configuration ").append(Html.escape(data.configHash()))
        .append(" · generated ").append(generated.truncatedTo(ChronoUnit.SECONDS)).append("</p>\n")
        .append("<nav><a href=\"#findings\">Findings</a><a href=\"#summary\">Summary</a>")
        .append(comparison.isPresent() ? "<a href=\"#comparison\">Across runs</a>" : "")
        .append("<a href=\"#trends\">Across steps</a><a href=\"#checkpoints\">Checkpoints</a>")
        .append("<a href=\"#failures\">Failures</a><a href=\"#reading\">How to read the plots</a></nav>\n");
    Findings.render(h, data);
    summary(h, data, sections);
    comparison.ifPresent(c -> comparison(h, c));
    trends(h, trends);
    checkpoints(h, data, sections);
    failures(h, data);
    reading(h, data);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, ReportData data, List<CheckpointSection> sections) {
    long models = data.checkpoints().stream().map(c -> Objects.requireNonNullElse(c.model(), c.checkpoint())).distinct().count();
    long failedCheckpoints = data.checkpoints().stream().filter(c -> !RowStatus.SUCCESS.label().equals(c.status())).count();
    long failedLayers = data.layers().stream().filter(l -> !RowStatus.SUCCESS.label().equals(l.status())).count();
    h.append("<section id=\"summary\"><h2>Summary</h2>\n<table>")
        .append("<tr><th>models</th>").append(Html.number(models)).append("</tr>")
        .append("<tr><th>checkpoints</th>").append(Html.number(data.checkpoints().size()))
        .append(Html.cell(failedCheckpoints + " failed")).append("</tr>")
        .append("<tr><th>layers</th>").append(Html.number(data.layers().size()))
        .append(Html.cell(failedLayers + " failed")).append("</tr>")
        .append("<tr><th>failures</th>").append(Html.number(data.failures().size())).append("</tr>")
        .append("<tr><th>layers with plots</th>").append(Html.number(data.scope().plottedLayers().size())).append("</tr>")
        .append("</table>\n");
    if (!data.filters().isEmpty()) {
      h.append("<p class=\"note\">Filters: ").append(Html.escape(String.join("; ", data.filters()))).append("</p>\n");
    }
    for (String note : data.scope().notes()) {
      h.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
    }
    h.append("<p class=\"note\">Parts of the analysis in these tables: ")
        .append(data.features().isEmpty() ? "power-law fit and norms only (no Marchenko–Pastur fit, randomized ESD or phases)"
            : "power-law fit and norms, " + String.join(", ", data.features().stream().map(ReportPage::describe).toList()))
        .append(".</p>\n");

    h.append("<h3>Runs</h3>\n<table><tr><th>run</th><th>started</th><th>ended</th><th>status</th><th>htsr</th><th>inputs</th></tr>\n");
    for (RunRow r : data.runs()) {
      h.append("<tr>").append(Html.cell(r.runId())).append(Html.cell(String.valueOf(r.startedAt())))
          .append(Html.cell(String.valueOf(r.endedAt()))).append(Html.cell(r.status())).append(Html.cell(r.htsrVersion()))
          .append(Html.cell(r.inputs())).append("</tr>\n");
    }
    h.append("</table>\n");
    data.runs().stream().max(Comparator.comparing(RunRow::endedAt))
        .ifPresent(r -> h.append("<h3>Configuration</h3>\n<pre>").append(Html.escape(r.config())).append("</pre>\n"));

    h.append("<h3>Checkpoints</h3>\n<table><tr><th>model</th><th>step</th><th>layers</th><th>failed</th><th>mean α</th>")
        .append("<th>α̂</th><th>status</th></tr>\n");
    for (CheckpointSection s : sections) {
      CheckpointRow c = s.checkpoint();
      h.append(RowStatus.SUCCESS.label().equals(c.status()) ? "<tr>" : "<tr class=\"failed\">")
          .append("<td><a href=\"#").append(s.name()).append("\">").append(Html.escape(Objects.requireNonNullElse(c.model(), c.checkpoint())))
          .append("</a></td>").append(Html.cell(c.step() == null ? "" : String.valueOf(c.step())))
          .append(Html.number(c.layers())).append(Html.number(c.layersFailed()))
          .append(Html.number(c.alpha())).append(Html.number(c.alphaWeighted()))
          .append(Html.cell(c.error() == null ? c.status() : c.status() + ": " + c.error())).append("</tr>\n");
    }
    h.append("</table></section>\n");
  }

  private static String describe(Feature f) {
    return switch (f) {
      case MP_FIT -> "Marchenko–Pastur fit";
      case RANDOMIZED_METRICS -> "randomized-ESD metrics";
      case RANDOMIZED_ESD -> "randomized ESD";
      case PHASE -> "5+1 phase labels";
    };
  }

  private static void comparison(StringBuilder h, ComparisonSection c) {
    h.append("<section id=\"comparison\"><h2>Across runs</h2>\n");
    if (!c.correlations().isEmpty()) {
      h.append("<table><tr><th>experiment</th><th>checkpoints</th><th>metric</th><th>against</th><th>n</th><th>Spearman ρ</th><th>p</th>")
          .append("<th>Kendall τ</th><th>p</th></tr>\n");
      for (Comparisons.Correlation r : c.correlations()) {
        h.append("<tr>").append(Html.cell(r.experiment())).append(Html.cell(r.checkpoints())).append(Html.cell(r.metric()))
            .append(Html.cell("accuracy")).append(Html.number(r.n())).append(Html.number(r.rho())).append(Html.number(r.rhoP()))
            .append(Html.number(r.tau())).append(Html.number(r.tauP())).append("</tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<div class=\"plots\">\n");
    c.figures().forEach(f -> h.append(Html.figure(f, Html.escape(f.alt()))));
    h.append("</div></section>\n");
  }

  private static void trends(StringBuilder h, List<TrendSection> trends) {
    h.append("<section id=\"trends\"><h2>Across training steps</h2>\n");
    if (trends.isEmpty()) {
      h.append("<p class=\"note\">No model has checkpoints at two or more training steps, so there are no trends to draw.</p>\n");
    }
    for (TrendSection t : trends) {
      h.append("<h3 id=\"").append(t.name()).append("\">").append(Html.escape(t.model())).append("</h3>\n<div class=\"plots\">\n");
      t.figures().forEach(f -> h.append(Html.figure(f, Html.escape(f.alt()))));
      h.append("</div>\n");
    }
    h.append("</section>\n");
  }

  private static void checkpoints(StringBuilder h, ReportData data, List<CheckpointSection> sections) {
    h.append("<section id=\"checkpoints\"><h2>Checkpoints</h2>\n");
    for (CheckpointSection s : sections) {
      CheckpointRow c = s.checkpoint();
      boolean detailed = data.scope().detailedCheckpoints().contains(c.checkpoint());
      h.append("<details id=\"").append(s.name()).append("\"").append(detailed ? " open" : "").append("><summary>")
          .append(Html.escape(c.label())).append(" — ").append(c.layers()).append(" layers");
      if (c.alpha() != null) {
        h.append(", mean α ").append(Numbers.format(c.alpha())).append(", α̂ ").append(Numbers.format(c.alphaWeighted()));
      }
      h.append(RowStatus.SUCCESS.label().equals(c.status()) ? "" : " — " + Html.escape(c.status())).append("</summary>\n")
          .append("<p class=\"meta\">").append(Html.escape(c.checkpoint())).append(" · run ").append(Html.escape(c.runId())).append("</p>\n");
      if (c.error() != null) {
        h.append("<p class=\"note\">").append(Html.escape(c.error())).append("</p>\n");
      }
      s.depth().ifPresent(f -> h.append(Html.figure(f, "α of each layer, in the order of the checkpoint's tensors.")));
      layerTable(h, data, s);
      for (LayerRow l : s.layers()) {
        List<Figure> plots = s.plots().getOrDefault(l.key(), List.of());
        if (!plots.isEmpty()) {
          h.append("<div class=\"layer\" id=\"").append(Names.layer(s.name(), l.key())).append("\"><h4>")
              .append(Html.escape(l.label())).append("</h4><div class=\"plots\">\n");
          plots.forEach(f -> h.append(Html.figure(f, Html.escape(f.alt()))));
          h.append("</div></div>\n");
        }
      }
      h.append("</details>\n");
    }
    h.append("</section>\n");
  }

  /**
   * One row per layer: what a reader scans for first (name, phase, status) leads, then the fit with
   * its tail size n_tail, the norms, the optional parts, and the error of a failed layer last.
   */
  private static void layerTable(StringBuilder h, ReportData data, CheckpointSection s) {
    boolean mp = data.features().contains(Feature.MP_FIT);
    boolean randomized = data.features().contains(Feature.RANDOMIZED_METRICS);
    boolean phase = data.features().contains(Feature.PHASE);
    h.append("<div class=\"wide\"><table><tr><th>#</th><th>layer</th>").append(phase ? "<th>phase</th>" : "")
        .append("<th>status</th><th>type</th><th>shape</th><th>N</th><th>M</th><th>α</th><th>xmin</th><th>D</th>")
        .append("<th title=\"eigenvalues ≥ xmin: the power-law tail (num_pl_spikes)\">n_tail</th>")
        .append("<th>λmax</th><th>α·log10 λmax</th><th>warning</th>");
    if (mp) {
      h.append("<th>λ+ (bulk_max)</th><th>MP spikes</th><th>mp_softrank</th>");
    }
    if (randomized) {
      h.append("<th>rand_distance</th><th>ww_softrank</th><th>rand spikes</th>");
    }
    h.append("<th>error</th></tr>\n");
    for (LayerRow l : s.layers()) {
      boolean plotted = s.plots().containsKey(l.key());
      Optional<TailFit> t = l.tail();
      h.append(RowStatus.SUCCESS.label().equals(l.status()) ? "<tr>" : "<tr class=\"failed\">")
          .append(Html.number(l.key().layerIndex()))
          .append(plotted ? "<td><a href=\"#" + Names.layer(s.name(), l.key()) + "\">" + Html.escape(l.label()) + "</a></td>" : Html.cell(l.label()))
          .append(phase ? phaseCell(l.phase()) : "")
          .append(Html.cell(l.status()))
          .append(Html.cell(l.type())).append(Html.cell(l.shape())).append(Html.number(l.n())).append(Html.number(l.m()))
          .append(Html.number(t.map(TailFit::alpha).orElse(null))).append(Html.number(t.map(TailFit::xmin).orElse(null)))
          .append(Html.number(t.map(TailFit::ksDistance).orElse(null)))
          .append(Html.count(t.map(TailFit::tailSize).orElse(null)))
          .append(Html.number(l.lambdaMax())).append(Html.number(l.alphaWeighted()))
          .append("<td class=\"warn\">").append(Html.escape(t.map(TailFit::warning).orElse(""))).append("</td>");
      if (mp) {
        Optional<MpEdges> m = l.mp();
        h.append(Html.number(m.map(MpEdges::bulkMax).orElse(null)))
            .append(Html.cell(m.map(MpEdges::numSpikes).map(String::valueOf).orElse("")))
            .append(Html.number(m.map(MpEdges::mpSoftrank).orElse(null)));
      }
      if (randomized) {
        Optional<RandomizedMetrics> r = l.randomized();
        h.append(Html.number(r.map(RandomizedMetrics::randDistance).orElse(null)))
            .append(Html.number(r.map(RandomizedMetrics::wwSoftrank).orElse(null)))
            .append(Html.cell(r.map(RandomizedMetrics::randNumSpikes).map(String::valueOf).orElse("")));
      }
      h.append(Html.cell(l.error())).append("</tr>\n");
    }
    h.append("</table></div>\n");
  }

  private static String phaseCell(Optional<PhaseReading> label) {
    if (label.isEmpty() || label.get().phase() == null) {
      return "<td></td>";
    }
    PhaseReading p = label.get();
    Color c = PhaseStyle.of(p.phase()).map(PhaseStyle::color).orElse(PhaseStyle.OTHER);
    return "<td title=\"" + Html.escape(p.reason()) + "\"><span class=\"swatch\" style=\"background:#"
        + String.format("%06x", c.getRGB() & 0xffffff) + "\"></span>" + Html.escape(p.phase()) + "</td>";
  }

  private static void failures(StringBuilder h, ReportData data) {
    h.append("<section id=\"failures\"><h2>Failures</h2>\n");
    if (data.failures().isEmpty()) {
      h.append("<p>None.</p>\n");
    } else {
      h.append("<table><tr><th>checkpoint</th><th>layer</th><th>stage</th><th>error</th><th>message</th></tr>\n");
      for (FailureRow f : data.failures()) {
        h.append("<tr>").append(Html.cell(f.checkpoint())).append(Html.cell(f.layerName())).append(Html.cell(f.stage()))
            .append(Html.cell(f.errorClass())).append(Html.cell(f.message())).append("</tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("</section>\n");
  }

  private static void reading(StringBuilder h, ReportData data) {
    h.append("<section id=\"reading\"><h2>How to read the plots</h2>\n<ul>\n")
        .append("<li><b>ESD, log-log</b>: the density of the eigenvalues λ of WᵀW in logarithmic bins. A power-law tail ")
        .append("ρ(λ) ∝ λ^−α is a straight line of slope −α; the red line is the fitted power law, drawn from xmin (dashed) ")
        .append("to λmax, the range it was fitted on, and scaled to the tail's share of the eigenvalues, so where it follows the ")
        .append("points the fit is good (D, the KS distance, is in the subtitle). Eigenvalues below WeightWatcher's fit threshold ")
        .append("1e-5 are drawn left of a dotted line; only numerical zeros are left out, and the subtitle counts them. ")
        .append("Well-trained layers have 2 ≤ α ≤ 6; ")
        .append("WeightWatcher warns over-trained below 2 and under-trained above 6.</li>\n");
    if (data.features().contains(Feature.MP_FIT)) {
      h.append("<li><b>ESD and Marchenko–Pastur fit</b>: the histogram on linear axes with the MP density (red) of a random ")
          .append("matrix with the fitted σ² and the layer's aspect ratio Q, on [λ−, λ+]. The red dashed line is the bulk edge λ+, ")
          .append("the dotted line λ+ plus WeightWatcher's Tracy–Widom margin, and the triangles the spikes beyond it: ")
          .append("correlations the layer learned. A random-like layer fills the curve and has no spikes; a heavy-tailed one ")
          .append("leaves much of its mass beyond λ+, where MP does not describe it.</li>\n");
    }
    if (data.features().contains(Feature.RANDOMIZED_ESD)) {
      h.append("<li><b>ESD and randomized ESD</b>: the same histogram (per decade of λ) for W and for W with its entries ")
          .append("shuffled. Shuffling keeps the entries and destroys their correlations: a randomized ESD that looks like ")
          .append("the original means little was learned. The dotted orange line is the MP bulk edge λ+ of the shuffled matrix; ")
          .append("its eigenvalues beyond that edge are correlation traps (rand_num_spikes, counted in the title): ")
          .append("large entries that no shuffle spreads out.</li>\n");
    }
    h.append("<li><b>α through the network</b>: α of every layer of a checkpoint, in tensor order, with the band 2…6 and the ")
        .append("mean. Layers far above the band are under-trained or random-like; below it, over-trained. Fits with ")
        .append(FitReliability.RULE).append(" are unreliable: hollow grey circles that do not set the scale (clamped at its edge). ")
        .append("The line joins adjacent tensors only: it breaks at layers that failed or have no reliable fit, and at ")
        .append("indices without a row (a bias, or a matrix that was not analysed).</li>\n")
        .append("<li><b>Across steps</b>: per model with two or more training steps, the checkpoint means ⟨α⟩ and α̂ = ⟨α·log10 λmax⟩ ")
        .append("in two panels over one step axis, and α and α·log10 λmax of every layer against the step. The step axis is ")
        .append("logarithmic when the steps span a decade or more and none is 0. α falling as training proceeds is the picture of ")
        .append("HT-SR: correlations build a heavy tail.</li>\n");
    if (data.features().contains(Feature.PHASE)) {
      h.append("<li><b>Phase timeline</b>: the 5+1 phase of each layer (rows) at each step (columns): random-like, ")
          .append("bleeding-out, bulk+spikes, bulk-decay, heavy-tailed, and rank collapse.</li>\n");
    }
    h.append("</ul>\n<p>Every PNG links to an SVG of the same chart; a 2× PNG (for slides) is linked under each figure.</p></section>\n");
  }
}
