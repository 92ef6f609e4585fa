package org.htsr.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything computed for one {@link LayerSpec}. Parts that could not be computed are empty, and
 * {@link #failures()} says why; a layer with any failure has status {@link RowStatus#FAILED} (as WeightWatcher
 * marks a failed fit), but keeps whatever was computed.
 *
 * @param spec what was analysed
 * @param spectrum the eigenvalues, unless reading or solving failed
 * @param norms norm metrics, when the spectrum exists
 * @param powerLaw the power-law fit, unless it failed
 * @param alphaNorms α-weighted metrics, when the fit exists
 * @param mpFit the Marchenko–Pastur fit, unless it failed
 * @param phaseFeatures the numbers behind the phase label, when the spectrum exists
 * @param phase the 5+1 phase label, when the spectrum exists
 * @param randomized the randomized-ESD metrics, when asked for and computed
 * @param failures what failed, in pipeline order; empty on success
 * @param secondsEigen wall seconds spent building matrices and solving
 * @param secondsFit wall seconds spent fitting and computing metrics
 * @param secondsRead wall seconds spent reading and decoding the tensor (shared evenly by the
 *     layers of one tensor)
 */
public record LayerResult(
    LayerSpec spec,
    Optional<LayerSpectrum> spectrum,
    Optional<NormMetrics> norms,
    Optional<PowerLawFit> powerLaw,
    Optional<AlphaNorms> alphaNorms,
    Optional<MpFit> mpFit,
    Optional<PhaseFeatures> phaseFeatures,
    Optional<PhaseLabel> phase,
    Optional<RandomizedEsd> randomized,
    List<LayerFailure> failures,
    double secondsEigen,
    double secondsFit,
    double secondsRead) {

  public LayerResult {
    Objects.requireNonNull(spec, "spec");
    failures = List.copyOf(failures);
  }

  /** A layer that failed before it had a spectrum. */
  public static LayerResult failed(LayerSpec spec, LayerFailure failure, double secondsEigen) {
    return new LayerResult(
        spec, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(failure), secondsEigen, 0, 0);
  }

  /** This result with its share of the tensor's read time. */
  public LayerResult withSecondsRead(double seconds) {
    return new LayerResult(spec, spectrum, norms, powerLaw, alphaNorms, mpFit, phaseFeatures, phase, randomized,
        failures, secondsEigen, secondsFit, seconds);
  }

  /** This result with its randomized-ESD metrics, or with the failure that prevented them. */
  public LayerResult withRandomized(Optional<RandomizedEsd> metrics, List<LayerFailure> more, double extraSecondsEigen) {
    List<LayerFailure> all = new java.util.ArrayList<>(failures);
    all.addAll(more);
    return new LayerResult(spec, spectrum, norms, powerLaw, alphaNorms, mpFit, phaseFeatures, phase, metrics,
        all, secondsEigen + extraSecondsEigen, secondsFit, secondsRead);
  }

  public boolean succeeded() {
    return failures.isEmpty();
  }

  /** "success" or "failed", WeightWatcher's status values. */
  public String status() {
    return (succeeded() ? RowStatus.SUCCESS : RowStatus.FAILED).label();
  }

  /** The failures' messages joined, or empty on success. */
  public Optional<String> error() {
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join("; ", failures.stream().map(LayerFailure::message).toList()));
  }
}
