package org.htsr.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The page's first lines: what deserves a look, counted over every layer of the tables — α below 2
 * (over-trained) or above 6 (under-trained), rank collapse, correlation traps (spikes in the
 * shuffled matrix's spectrum), failed layers or fits — each with a few layer names.
 */
final class Findings {

  static final int NAMES = 5;

  private Findings() {}

  static void render(StringBuilder h, ReportData data) {
    Map<String, Predicate<LayerRow>> checks = new LinkedHashMap<>();
    checks.put("α &lt; 2 (very heavy-tailed, possibly over-trained)", l -> l.tail().isPresent() && l.tail().get().alpha() < 2);
    checks.put("α &gt; 6 (weak tail, possibly under-trained, or the fit is unreliable)", l -> l.tail().isPresent() && l.tail().get().alpha() > 6);
    // a count of 0 would claim a result the tables do not hold: parts not computed get no line
    if (data.features().contains(Feature.PHASE)) {
      checks.put("rank collapse", l -> l.phase().isPresent() && "rank_collapse".equals(l.phase().get().phase()));
    }
    if (data.features().contains(Feature.RANDOMIZED_METRICS)) {
      checks.put("correlation traps (spikes in the shuffled matrix's ESD)",
          l -> l.randomized().isPresent() && l.randomized().get().randNumSpikes() != null && l.randomized().get().randNumSpikes() > 0);
    }
    checks.put("failed layers", l -> !"success".equals(l.status()));
    checks.put("successful layers without a power-law fit", l -> "success".equals(l.status()) && l.tail().isEmpty());
    Map<String, String> labels = data.checkpoints().stream()
        .collect(Collectors.toMap(CheckpointRow::checkpoint, CheckpointRow::label, (a, b) -> a));
    h.append("<section id=\"findings\"><h2>Findings</h2>\n<ul>\n");
    h.append("<li>").append(data.layers().size()).append(" layers in ").append(data.checkpoints().size()).append(" checkpoints")
        .append(data.comparisons().runs().size() >= 2 ? " of " + data.comparisons().runs().size() + " runs" : "").append(".</li>\n");
    for (Map.Entry<String, Predicate<LayerRow>> c : checks.entrySet()) {
      List<LayerRow> hits = data.layers().stream().filter(c.getValue()).toList();
      h.append("<li>").append(hits.size()).append(" × ").append(c.getKey());
      if (!hits.isEmpty()) {
        h.append(": ").append(hits.stream().limit(NAMES)
            .map(l -> Html.escape(labels.getOrDefault(l.key().checkpoint(), l.key().checkpoint()) + " " + l.label()))
            .collect(Collectors.joining(", "))).append(hits.size() > NAMES ? ", …" : "");
      }
      h.append("</li>\n");
    }
    if (!data.features().contains(Feature.RANDOMIZED_METRICS)) {
      h.append("<li>No randomized ESD was computed (analysed without <code>--randomize</code>), so correlation traps are not known.</li>\n");
    }
    h.append("</ul></section>\n");
  }
}
