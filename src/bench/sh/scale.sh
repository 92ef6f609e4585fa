# Benchmarks C and D (docs/benchmarks.md): jobs/analyze at scale, in local mode and on a standalone
# cluster (src/bench/sh/cluster.sh), timed from outside and split with the run's own `runs` row.
# Sourced by jobs/bench after jobs/lib/common.sh and cluster.sh.
#
#   jobs/bench run-analyze --out OUT [--label L] [--cluster DIR] [--executor-memory 3g] [--driver-memory 2g]
#                          [--gc-log DIR] -- ANALYZE_ARGS...
#       one run of jobs/analyze (local mode; HTSR_JAVA_OPTS as usual) or, with --cluster DIR, of
#       AnalyzeJob through spark-submit on the cluster started by cluster-start --dir DIR
#       (spark.executor.cores=1). Prints one summary line "RESULT label=... key=value ..." with:
#       wall and CPU (user+sys) of the launching JVM (/usr/bin/time), max RSS; on a cluster also the
#       executors' CPU and peak RSS (VmHWM), sampled from /proc every 0.5 s; with --gc-log, the largest
#       heap occupancy seen before a GC in any JVM's log (-Xlog:gc, the peak heap incl. garbage);
#       load before and after; and the runs row: checkpoints, layers, seconds_* of the time split.

# /proc sampler of the executor JVMs (children of our workers): pid, VmHWM kB, utime+stime ticks.
scale_sample_executors() {
  local dir=$1 out=$2
  : > "$out"
  while true; do
    local w c
    for w in $(cat "$dir/pids" 2>/dev/null); do
      for c in $(ps -o pid= --ppid "$w" 2>/dev/null); do
        [[ -r /proc/$c/status ]] || continue
        local hwm ticks
        hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$c/status" 2>/dev/null || true)
        ticks=$(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true)
        [[ -n $hwm && -n $ticks ]] && echo "$c $hwm $ticks" >> "$out"
      done
    done
    sleep 0.5
  done
}

# Largest "before" heap size of the GC pauses in the -Xlog:gc files under $1, in MiB.
scale_gc_peak() {
  { cat "$1"/*.log 2>/dev/null | grep -o '[0-9]*M->' | sed 's/M->$//' | sort -n | tail -1; } || true
}

scale_run_analyze() {
  local out="" label="" cluster="" executor_memory=3g driver_memory=2g gc_log=""
  while [[ $# -gt 0 && $1 != -- ]]; do
    case $1 in
      --out) out=$2; shift 2 ;;
      --label) label=$2; shift 2 ;;
      --cluster) cluster=$2; shift 2 ;;
      --executor-memory) executor_memory=$2; shift 2 ;;
      --driver-memory) driver_memory=$2; shift 2 ;;
      --gc-log) gc_log=$2; shift 2 ;;
      *) echo "run-analyze: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [[ ${1:-} == -- ]] && shift
  [[ -n $out ]] || { echo "run-analyze: --out is required" >&2; exit 2; }
  label=${label:-$(basename "$out")}
  rm -rf "$out"
  local log="$out.log" timef="$out.time" samples="$out.samples"
  mkdir -p "$(dirname "$out")"
  [[ -n $gc_log ]] && { rm -rf "$gc_log"; mkdir -p "$gc_log"; }
  local load0 load1 sampler=""
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  if [[ -n $cluster ]]; then
    local gc_conf=()
    [[ -n $gc_log ]] && gc_conf=(--conf "spark.executor.extraJavaOptions=-Xlog:gc:file=$gc_log/executor-%p.log")
    scale_sample_executors "$cluster" "$samples" &
    sampler=$!
    /usr/bin/time -f "%e %U %S %M" -o "$timef" "$HTSR_HOME/jobs/bench" cluster-submit --dir "$cluster" --driver-memory "$driver_memory" \
      --conf spark.executor.cores=1 --conf "spark.executor.memory=$executor_memory" "${gc_conf[@]}" \
      --class org.htsr.spark.AnalyzeJob --out "$out" "$@" > "$log" 2>&1 || { kill "$sampler"; cat "$log" >&2; exit 1; }
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
  else
    local opts=${HTSR_JAVA_OPTS:--Xmx4g}
    [[ -n $gc_log ]] && opts="$opts -Xlog:gc:file=$gc_log/driver-%p.log"
    HTSR_JAVA_OPTS=$opts /usr/bin/time -f "%e %U %S %M" -o "$timef" "$HTSR_HOME/jobs/analyze" --out "$out" "$@" > "$log" 2>&1 \
      || { cat "$log" >&2; exit 1; }
  fi
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  local t
  read -r -a t < "$timef"
  local exec_part=""
  if [[ -n $cluster ]]; then
    # per executor pid: its peak RSS and its last CPU reading (clock ticks)
    exec_part=$(awk -v hz="$(getconf CLK_TCK)" '{ if ($2 > hwm[$1]) hwm[$1] = $2; cpu[$1] = $3 }
      END { n = 0; s = ""; tot = 0; for (p in hwm) { n++; s = s sprintf("%d:%.0fMiB/%.1fs,", p, hwm[p] / 1024, cpu[p] / hz); tot += cpu[p] / hz }
            printf "executors=%d executors_cpu_s=%.1f executor_peak_rss=%s", n, tot, s }' "$samples")
  fi
  local gc_part=""
  [[ -n $gc_log ]] && gc_part="gc_peak_heap_mib=$(scale_gc_peak "$gc_log")"
  local row
  row=$("$HTSR_HOME/jobs/query" --out "$out" --format csv \
    "SELECT checkpoints_analysed, layers, layers_failed, seconds_listing, seconds_reading, seconds_solving, seconds_fitting, seconds_writing, seconds_total FROM runs" 2>/dev/null | tail -1)
  echo "RESULT label=$label wall_s=${t[0]} cpu_s=$(awk -v u="${t[1]}" -v s="${t[2]}" 'BEGIN { print u + s }') max_rss_mib=$((t[3] / 1024)) load_before=\"$load0\" load_after=\"$load1\" $exec_part $gc_part"
  echo "RUNS label=$label checkpoints,layers,layers_failed,listing,reading,solving,fitting,writing,total=$row"
  grep -E '^(htsr|found|time:|run )' "$log" | sed "s/^/LOG label=$label /"
}
