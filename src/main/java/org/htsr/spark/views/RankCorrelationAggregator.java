package org.htsr.spark.views;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.htsr.stats.RankCorrelation;
import scala.Tuple2;

/**
 * SQL aggregate {@code rank_correlation(x, y)}: Spearman's ρ and Kendall's τ of the pairs in a
 * group, with n and two-sided p-values ({@link RankCorrelation}). Groups are an experiment's
 * checkpoints, so the pairs of a group fit in memory.
 */
public final class RankCorrelationAggregator extends Aggregator<Tuple2<Double, Double>, RankCorrelationAggregator.Pairs, RankCorrelationAggregator.Correlation> {

  /** The pairs seen so far. */
  public static final class Pairs implements Serializable {
    double[] x = new double[0];
    double[] y = new double[0];
    int n;

    void add(double a, double b) {
      if (n == x.length) {
        x = Arrays.copyOf(x, Math.max(16, 2 * n));
        y = Arrays.copyOf(y, x.length);
      }
      x[n] = a;
      y[n] = b;
      n++;
    }
  }

  /** The result struct: {@code n, spearman, spearman_p, kendall, kendall_p} (NaN as null). */
  public static final class Correlation implements Serializable {
    private int n;
    private Double spearman;
    private Double spearmanP;
    private Double kendall;
    private Double kendallP;

    public Correlation() {}

    Correlation(RankCorrelation.Result r) {
      n = r.n();
      spearman = finite(r.spearman());
      spearmanP = finite(r.spearmanP());
      kendall = finite(r.kendall());
      kendallP = finite(r.kendallP());
    }

    private static Double finite(double v) {
      return Double.isFinite(v) ? v : null;
    }

    public int getN() {
      return n;
    }

    public void setN(int n) {
      this.n = n;
    }

    public Double getSpearman() {
      return spearman;
    }

    public void setSpearman(Double v) {
      spearman = v;
    }

    public Double getSpearman_p() {
      return spearmanP;
    }

    public void setSpearman_p(Double v) {
      spearmanP = v;
    }

    public Double getKendall() {
      return kendall;
    }

    public void setKendall(Double v) {
      kendall = v;
    }

    public Double getKendall_p() {
      return kendallP;
    }

    public void setKendall_p(Double v) {
      kendallP = v;
    }
  }

  @Override
  public Pairs zero() {
    return new Pairs();
  }

  @Override
  public Pairs reduce(Pairs b, Tuple2<Double, Double> xy) {
    if (xy != null && xy._1() != null && xy._2() != null && Double.isFinite(xy._1()) && Double.isFinite(xy._2())) {
      b.add(xy._1(), xy._2());
    }
    return b;
  }

  @Override
  public Pairs merge(Pairs a, Pairs b) {
    for (int i = 0; i < b.n; i++) {
      a.add(b.x[i], b.y[i]);
    }
    return a;
  }

  @Override
  public Correlation finish(Pairs b) {
    return new Correlation(RankCorrelation.of(Arrays.copyOf(b.x, b.n), Arrays.copyOf(b.y, b.n)));
  }

  @Override
  public Encoder<Pairs> bufferEncoder() {
    return Encoders.javaSerialization(Pairs.class);
  }

  @Override
  public Encoder<Correlation> outputEncoder() {
    return Encoders.bean(Correlation.class);
  }
}
