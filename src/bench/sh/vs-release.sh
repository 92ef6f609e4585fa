# One htsr against another, side by side (docs/benchmarks.md H): `jobs/analyze` of this checkout and
# of another checkout (an earlier release, built there with mvn package), on the same inputs, on
# this machine, in the same run, alternating which goes first; whole-process wall and CPU, and the
# garbage collector's log of each run (-Xlog:gc), from which it counts the collections the
# GC locker forced (JNI code holding a Java array pinned; none expected since the eigenvalue call
# runs off the heap). Sourced by jobs/bench.
#
#   jobs/bench vs-release --other DIR [--reps N] [--label NAME] INPUT...
#
# The other checkout runs as it would have (its own launcher, flags and BLAS); results are
# identical row for row (the bench prints a checksum of each side's layers).

vsrel_run() {
  local other="" reps=3 label=previous
  local inputs=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --other) other=$2; shift 2 ;;
      --reps) reps=$2; shift 2 ;;
      --label) label=$2; shift 2 ;;
      -h|--help) sed -n '1,13p' "$HTSR_HOME/src/bench/sh/vs-release.sh"; return 0 ;;
      *) inputs+=("$1"); shift ;;
    esac
  done
  if [[ -z $other || ! -x $other/jobs/analyze ]]; then
    echo "bench vs-release: --other must name a built htsr checkout (its jobs/analyze)" >&2; return 2
  fi
  if [[ ${#inputs[@]} -eq 0 ]]; then
    echo "bench vs-release: no INPUT" >&2; return 2
  fi
  local work results
  work=$(mktemp -d)
  results=$work/results
  echo "# vs-release: this checkout ($(git -C "$HTSR_HOME" rev-parse --short HEAD 2>/dev/null)) against $label ($(git -C "$other" rev-parse --short HEAD 2>/dev/null)), $reps reps, inputs: ${inputs[*]}"
  echo "# $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for rep in $(seq "$reps"); do
    local order=(this "$label")
    (( rep % 2 == 0 )) && order=("$label" this)
    for side in "${order[@]}"; do
      local home=$HTSR_HOME
      [[ $side == "$label" ]] && home=$other
      rm -rf "$work/out-$side"
      HTSR_JAVA_OPTS="-Xmx4g -Xlog:gc*:file=$work/gc-$side-$rep.log" \
        vsww_time "$side" "$rep" "$results" -- "$home/jobs/analyze" --out "$work/out-$side" "${inputs[@]}"
      echo "  gc: $(grep -c 'Pause' "$work/gc-$side-$rep.log") pauses, $(grep -ci 'GCLocker' "$work/gc-$side-$rep.log") forced by the GC locker"
    done
  done
  for side in this "$label"; do
    echo "  rows of $side: $("$HTSR_HOME/jobs/query" --out "$work/out-$side" "SELECT checkpoint, layer_name, slice, alpha, lambda_max, num_evals FROM layers ORDER BY checkpoint, layer_name, slice" 2>/dev/null | md5sum | cut -c1-12)"
  done
  vsww_summary "$results" vs-rel this "$label" | sed "s/RESULT vs-rel  /RESULT (other \/ this) /"
  rm -rf "$work"
}
