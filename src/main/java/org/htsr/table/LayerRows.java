package org.htsr.table;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.htsr.model.AlphaNorms;
import org.htsr.model.LayerFailure;
import org.htsr.model.LayerResult;
import org.htsr.model.LayerSpec;
import org.htsr.model.NormMetrics;
import org.htsr.model.PowerLawFit;

/** Rows of the {@code layers}, {@code esd} and {@code failures} tables for one {@link LayerResult}. */
public final class LayerRows {

  private LayerRows() {}

  public static Row layer(RowKey key, LayerResult result, String fitMode, String solver) {
    Map<String, Object> v = identity(key, result.spec());
    LayerSpec spec = result.spec();
    v.put("layer_type", spec.type().label());
    v.put("dtype", spec.tensor().dtype().name());
    v.put("shape", spec.tensor().shape().stream().map(String::valueOf).collect(Collectors.joining("x")));
    v.put("N", spec.n());
    v.put("M", spec.m());
    v.put("Q", spec.q());
    v.put("rf", spec.rf());
    v.put("num_evals", spec.numEvals());
    v.put("fit_mode", fitMode);
    result.powerLaw().ifPresent(f -> putFit(v, f));
    result.norms().ifPresent(n -> putNorms(v, n));
    result.alphaNorms().ifPresent(a -> putAlphaNorms(v, a));
    result.mpFit().ifPresent(m -> putMp(v, m));
    result.randomized().ifPresent(r -> putRandomized(v, r));
    result.phase().ifPresent(p -> {
      v.put("phase", p.phase().label());
      v.put("phase_subclass", p.subclass().map(c -> c.label()).orElse(null));
      v.put("phase_reason", p.reason());
    });
    result.phaseFeatures().ifPresent(f -> {
      v.put("num_outliers", f.numOutliers());
      v.put("num_bleeding", f.numBleeding());
      v.put("num_far_spikes", f.numFar());
      v.put("outlier_fraction", f.outlierFraction());
      v.put("near_zero_fraction", f.nearZeroFraction());
      v.put("mp_distance", f.mpDistance());
      v.put("shuffle_softrank", f.shuffleSoftrank());
    });
    v.put("status", result.status());
    v.put("error", result.error().orElse(null));
    v.put("solver", result.spectrum().map(s -> s.solver()).orElse(solver));
    v.put("seconds_read", result.secondsRead());
    v.put("seconds_eigen", result.secondsEigen());
    v.put("seconds_fit", result.secondsFit());
    return Rows.of(Tables.LAYER_COLUMNS, v);
  }

  /** The ESD row, when the layer has a spectrum. */
  public static java.util.Optional<Row> esd(RowKey key, LayerResult result) {
    return result.spectrum().map(s -> {
      Map<String, Object> v = identity(key, result.spec());
      v.put("num_evals", (long) s.size());
      v.put("eigenvalues", s.eigenvalues());
      v.put("rand_eigenvalues", result.randomized().map(r -> r.randomizedEigenvalues()).orElse(null));
      return Rows.of(Tables.ESD_COLUMNS, v);
    });
  }

  public static java.util.List<Row> failures(RowKey key, LayerResult result) {
    return result.failures().stream().map(f -> failure(key, result.spec(), f)).toList();
  }

  private static Row failure(RowKey key, LayerSpec spec, LayerFailure f) {
    Map<String, Object> v = new HashMap<>();
    key.putInto(v);
    v.put("layer_name", spec.tensor().name());
    v.put("slice", spec.slice().isPresent() ? spec.slice().getAsInt() : null);
    v.put("stage", f.stage().label());
    v.put("error_class", f.errorClass());
    v.put("message", f.message());
    return Rows.of(Tables.FAILURE_COLUMNS, v);
  }

  /** A failure of the whole checkpoint (it could not be listed), or of a layer before planning. */
  public static Row checkpointFailure(RowKey key, String stage, String errorClass, String message) {
    Map<String, Object> v = new HashMap<>();
    key.putInto(v);
    v.put("stage", stage);
    v.put("error_class", errorClass);
    v.put("message", message);
    return Rows.of(Tables.FAILURE_COLUMNS, v);
  }

  private static Map<String, Object> identity(RowKey key, LayerSpec spec) {
    Map<String, Object> v = new HashMap<>();
    key.putInto(v);
    v.put("layer_index", spec.layerIndex());
    v.put("layer_name", spec.tensor().name());
    v.put("slice", spec.slice().isPresent() ? spec.slice().getAsInt() : null);
    return v;
  }

  private static void putFit(Map<String, Object> v, PowerLawFit f) {
    v.put("alpha", f.alpha());
    v.put("xmin", f.xmin());
    v.put("xmax", f.xmax());
    v.put("D", f.d());
    v.put("sigma", f.sigma().isPresent() ? f.sigma().getAsDouble() : null);
    v.put("num_pl_spikes", f.numPlSpikes());
    v.put("warning", f.warning());
    v.put("Lambda", f.lambda().isPresent() ? f.lambda().getAsDouble() : null);
    v.put("num_fingers", f.numFingers().isPresent() ? f.numFingers().getAsInt() : null);
    v.put("raw_alpha", f.rawAlpha().isPresent() ? f.rawAlpha().getAsDouble() : null);
  }

  private static void putNorms(Map<String, Object> v, NormMetrics n) {
    v.put("lambda_max", n.lambdaMax());
    v.put("norm", n.norm());
    v.put("log_norm", n.logNorm());
    v.put("spectral_norm", n.spectralNorm());
    v.put("log_spectral_norm", n.logSpectralNorm());
    v.put("stable_rank", n.stableRank());
    v.put("matrix_rank", n.matrixRank());
    v.put("rank_loss", n.rankLoss());
    v.put("weak_rank_loss", n.weakRankLoss());
    v.put("entropy", n.entropy());
    v.put("sv_max", n.svMax());
    v.put("sv_min", n.svMin());
  }

  private static void putMp(Map<String, Object> v, org.htsr.model.MpFit m) {
    v.put("sigma_mp", m.sigmaMp());
    v.put("bulk_max", m.bulkMax());
    v.put("bulk_min", m.bulkMin());
    v.put("num_spikes", m.numSpikes());
    v.put("mp_softrank", m.mpSoftrank());
    v.put("W_scale", m.wScale());
    v.put("sigma_robust", m.robustSigma());
    v.put("s_tw", m.tracyWidomScale());
  }

  private static void putRandomized(Map<String, Object> v, org.htsr.model.RandomizedEsd r) {
    v.put("rand_seed", r.randSeed());
    v.put("max_rand_eval", r.maxRandEval());
    v.put("rand_distance", r.randDistance());
    v.put("ww_softrank", r.wwSoftrank());
    v.put("ww_maxdist", r.wwMaxdist());
    v.put("rand_num_spikes", r.randNumSpikes());
    v.put("rand_sigma_mp", r.randSigmaMp());
    v.put("rand_mp_softrank", r.randMpSoftrank());
  }

  private static void putAlphaNorms(Map<String, Object> v, AlphaNorms a) {
    v.put("alpha_weighted", a.alphaWeighted());
    v.put("log_alpha_norm", a.logAlphaNorm());
  }
}
