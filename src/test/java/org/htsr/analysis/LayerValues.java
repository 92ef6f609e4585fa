package org.htsr.analysis;

import java.util.HashMap;
import java.util.Map;
import org.htsr.model.LayerResult;

/** A layer result's numbers under WeightWatcher's column names, for comparisons in tests. */
final class LayerValues {

  private LayerValues() {}

  static Map<String, Number> of(LayerResult r) {
    Map<String, Number> v = new HashMap<>();
    v.put("num_evals", r.spec().numEvals());
    r.powerLaw().ifPresent(f -> {
      v.put("alpha", f.alpha());
      v.put("D", f.d());
      f.sigma().ifPresent(s -> v.put("sigma", s));
      v.put("xmin", f.xmin());
      v.put("num_pl_spikes", f.numPlSpikes());
    });
    r.norms().ifPresent(n -> {
      v.put("lambda_max", n.lambdaMax());
      v.put("stable_rank", n.stableRank());
      v.put("log_norm", n.logNorm());
      v.put("log_spectral_norm", n.logSpectralNorm());
      v.put("matrix_rank", n.matrixRank());
      v.put("rank_loss", n.rankLoss());
      v.put("weak_rank_loss", n.weakRankLoss());
      v.put("entropy", n.entropy());
    });
    r.alphaNorms().ifPresent(a -> {
      v.put("alpha_weighted", a.alphaWeighted());
      v.put("log_alpha_norm", a.logAlphaNorm());
    });
    return v;
  }
}
