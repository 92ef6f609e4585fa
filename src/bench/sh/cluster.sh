# A Spark standalone cluster on 127.0.0.1 from target/lib (no Spark installation), for benchmarks:
# StandaloneCluster's recipe (src/test/java/org/htsr/testing/StandaloneCluster.java,
# the reference material's spark-notes.md §4) as shell functions. Sourced by jobs/bench, after
# jobs/lib/common.sh. State (pids, ports, logs, the "Spark home") lives in one directory:
#
#   jobs/bench cluster-start [--dir D] [--workers 2] [--cores 1] [--memory 6g]
#   jobs/bench cluster-submit [--dir D] [--driver-memory 2g] [SparkSubmit options] --class C ARGS...
#   jobs/bench cluster-stop [--dir D]
#
# D defaults to /tmp/htsr-cluster. cluster-submit runs org.apache.spark.deploy.SparkSubmit in client
# mode against the cluster with target/htsr-job.jar as the application jar (the jar is appended after
# the options that precede --class; everything after --class C goes to the job). Only the processes
# this script started (their pids are in D/pids) are ever stopped.

cluster_dir_default=/tmp/htsr-cluster

cluster_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cluster_java() {
  local log=$1 heap=$2
  shift 2
  SPARK_HOME="$cluster_dir/sparkhome" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1 \
    nohup java "$heap" "${HTSR_JVM_FLAGS[@]}" -cp "$HTSR_HOME/target/htsr-job.jar:$HTSR_HOME/target/lib/*" "$@" > "$log" 2>&1 &
  echo $! >> "$cluster_dir/pids"
}

cluster_start() {
  local workers=2 cores=1 memory=6g
  cluster_dir=$cluster_dir_default
  while [[ $# -gt 0 ]]; do
    case $1 in
      --dir) cluster_dir=$2; shift 2 ;;
      --workers) workers=$2; shift 2 ;;
      --cores) cores=$2; shift 2 ;;
      --memory) memory=$2; shift 2 ;;
      *) echo "cluster-start: unknown option $1" >&2; exit 2 ;;
    esac
  done
  if [[ -s $cluster_dir/pids ]]; then
    echo "cluster-start: $cluster_dir/pids exists; run cluster-stop --dir $cluster_dir first" >&2
    exit 1
  fi
  htsr_build_if_needed
  [[ -f $HTSR_HOME/target/htsr-job.jar ]] || (cd "$HTSR_HOME" && mvn -q -B -DskipTests package) >&2
  mkdir -p "$cluster_dir/sparkhome"
  ln -sfn "$HTSR_HOME/target/lib" "$cluster_dir/sparkhome/jars"
  local port ui
  port=$(cluster_free_port)
  ui=$(cluster_free_port)
  echo "spark://127.0.0.1:$port" > "$cluster_dir/master-url"
  echo "$ui" > "$cluster_dir/master-ui-port"
  : > "$cluster_dir/pids"
  local t0=$SECONDS
  cluster_java "$cluster_dir/master.log" -Xmx512m org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$ui"
  local w
  for ((w = 0; w < workers; w++)); do
    cluster_java "$cluster_dir/worker$w.log" -Xmx512m org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$port" \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port "$(cluster_free_port)" --work-dir "$cluster_dir/work$w"
  done
  # the Master's JSON status page says when the workers are registered
  local alive=0
  for ((i = 0; i < 600; i++)); do
    alive=$(curl -s "http://127.0.0.1:$ui/json/" | jq -r '.aliveworkers // 0' 2>/dev/null || echo 0)
    [[ ${alive:-0} -ge $workers ]] && break
    sleep 0.5
  done
  if [[ ${alive:-0} -lt $workers ]]; then
    echo "cluster-start: only ${alive:-0} of $workers workers alive after 300 s; see $cluster_dir/*.log" >&2
    cluster_stop --dir "$cluster_dir"
    exit 1
  fi
  echo "cluster: $(cat "$cluster_dir/master-url"), $workers workers × $cores cores, $memory each, up in $((SECONDS - t0)) s (state in $cluster_dir)"
}

cluster_submit() {
  cluster_dir=$cluster_dir_default
  local driver_memory=2g
  local conf=()
  while [[ $# -gt 0 && $1 != --class ]]; do
    case $1 in
      --dir) cluster_dir=$2; shift 2 ;;
      --driver-memory) driver_memory=$2; shift 2 ;;
      *) conf+=("$1"); shift ;;
    esac
  done
  [[ $# -ge 2 ]] || { echo "cluster-submit: need --class MAIN [ARGS]" >&2; exit 2; }
  local main=$2
  shift 2
  [[ -f $cluster_dir/master-url ]] || { echo "cluster-submit: no cluster in $cluster_dir (cluster-start first)" >&2; exit 1; }
  SPARK_HOME="$cluster_dir/sparkhome" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1 \
    exec java "-Xmx$driver_memory" "${HTSR_JVM_FLAGS[@]}" \
    -Dlog4j2.configurationFile="$HTSR_HOME/conf/log4j2.properties" \
    -cp "$HTSR_HOME/target/htsr-job.jar:$HTSR_HOME/target/lib/*" org.apache.spark.deploy.SparkSubmit \
    --master "$(cat "$cluster_dir/master-url")" --deploy-mode client \
    --properties-file "$HTSR_HOME/conf/spark-defaults.conf" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    "${conf[@]}" --class "$main" "$HTSR_HOME/target/htsr-job.jar" "$@"
}

cluster_stop() {
  cluster_dir=$cluster_dir_default
  while [[ $# -gt 0 ]]; do
    case $1 in
      --dir) cluster_dir=$2; shift 2 ;;
      *) echo "cluster-stop: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [[ -f $cluster_dir/pids ]] || { echo "cluster-stop: nothing started in $cluster_dir"; return 0; }
  local pid pids
  # workers first (they stop their executors), then the master; only our own pids, one by one
  pids=$(tac "$cluster_dir/pids")
  for pid in $pids; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $pids; do
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$cluster_dir/pids"
  echo "cluster in $cluster_dir stopped"
}
