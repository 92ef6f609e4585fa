# Shared by the jobs/* launchers: where htsr is, the JVM flags Spark needs on Java 17, and the
# build step that makes a fresh checkout runnable. Sourced, not executed.

HTSR_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Exactly org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions() of Spark 4.2.0, as in
# the pom's spark.jvm.flags (a test keeps the two equal). -XX:+IgnoreUnrecognizedVMOptions lets
# Java 17 start with the flags newer JDKs need.
HTSR_JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

# JIT of the embedded launchers: C1 only (-XX:TieredStopAtLevel=1). A run's heavy arithmetic is
# native (LAPACK) and its Java is short-lived Spark/Scala start-up code, so C2's optimising
# compiles cost more CPU than they return: on 100 zoo checkpoints the compiler threads took 28 %
# of all CPU samples, and C1 alone cut the run's wall by about a quarter (docs/benchmarks.md H).
# HTSR_JIT_FLAGS=" " restores the JVM's default tiers. Executors under spark-submit are long-lived
# and keep the JVM's defaults.
read -r -a HTSR_JIT_FLAGS <<< "${HTSR_JIT_FLAGS:--XX:TieredStopAtLevel=1}"

# The serial collector for the embedded launchers: on two cores a run is CPU-bound, and G1's
# barriers, refinement and parallel phases cost more CPU than its short pauses return. Against G1
# with 16 MiB regions (which kept a layer's values out of humongous regions, docs/benchmarks.md J),
# 100 zoo checkpoints took 6.06 against 6.46 s and 10.2 against 11.0 CPU-s (median of 4,
# alternating); the 4096² workload, the LLM-shaped checkpoint and the four models were unchanged
# (docs/benchmarks.md L). Executors under spark-submit are long-lived, use many cores and keep G1
# (spark.executor.extraJavaOptions). HTSR_GC_FLAGS="-XX:G1HeapRegionSize=16m" restores G1.
read -r -a HTSR_GC_FLAGS <<< "${HTSR_GC_FLAGS:--XX:+UseSerialGC}"

# Transparent huge pages for the heap where the kernel offers them on request (madvise): each
# tensor's fresh double[] then faults in 2 MiB pages, not 4 KiB ones (zeroing new arrays showed as
# 6 % of a zoo run's samples). Left out where the kernel has none, so the JVM prints no warning.
# The same for malloc's large blocks — the off-heap copies of W and of its Gram matrix that
# LAPACK works on — through glibc's hugetlb tunable (glibc 2.35+; older ones ignore it): copying a
# 4096² Gram into fresh 4 KiB pages ran at 250 MB/s here, into 2 MiB pages at memory speed.
HTSR_MEMORY_FLAGS=()
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  HTSR_MEMORY_FLAGS=(-XX:+UseTransparentHugePages)
  if [[ ${GLIBC_TUNABLES:-} != *glibc.malloc.hugetlb=* ]]; then
    export GLIBC_TUNABLES=${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1
  fi
fi

# Builds target/htsr.jar and target/lib when missing or older than the sources.
htsr_build_if_needed() {
  local jar="$HTSR_HOME/target/htsr.jar"
  if [[ ! -f $jar || ! -f $HTSR_HOME/target/htsr-job.jar || ! -d $HTSR_HOME/target/lib ]] \
     || [[ -n $(find "$HTSR_HOME/src/main" "$HTSR_HOME/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null) ]]; then
    echo "htsr: building (mvn package, tests skipped) ..." >&2
    (cd "$HTSR_HOME" && mvn -q -B -DskipTests package) >&2
  fi
}

# A class-data-sharing archive of the classes a run loads (Spark, Hadoop, Parquet, htsr): it cuts
# the JVM's and Spark's start-up by about a third (docs/benchmarks.md B). Made once per build, by
# analysing the sample model with -XX:ArchiveClassesAtExit; runs use it when it is newer than the jar.
htsr_cds_options() {
  local jsa="$HTSR_HOME/target/htsr.jsa"
  if [[ ${HTSR_CDS:-on} == off ]]; then
    return
  fi
  if [[ ! -f $jsa || $jsa -ot $HTSR_HOME/target/htsr.jar ]]; then
    echo "htsr: writing the class-data-sharing archive target/htsr.jsa (once per build) ..." >&2
    local scratch
    scratch=$(mktemp -d)
    if ! OPENBLAS_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1 java -XX:ArchiveClassesAtExit="$jsa" -Xmx2g "${HTSR_JVM_FLAGS[@]}" \
        -Dhtsr.conf.dir="$HTSR_HOME/conf" -Dlog4j2.configurationFile="$HTSR_HOME/conf/log4j2.properties" \
        -cp "$HTSR_HOME/target/htsr.jar:$HTSR_HOME/target/lib/*" org.htsr.spark.AnalyzeJob \
        --out "$scratch/out" "$HTSR_HOME/data/models" >/dev/null 2>&1; then
      rm -f "$jsa"
    fi
    rm -rf "$scratch"
  fi
  if [[ -f $jsa ]]; then
    echo "-XX:SharedArchiveFile=$jsa"
  fi
}

# Runs a main class of htsr in this JVM with embedded Spark (local mode unless --master says otherwise).
htsr_run() {
  local main=$1
  shift
  htsr_build_if_needed
  local cds="" arg
  for arg in "$@"; do
    # --help only prints: no class-data-sharing archive (whose making analyses the sample model)
    if [[ $arg == --help || $arg == -h ]]; then
      HTSR_CDS=off
    fi
  done
  cds=$(htsr_cds_options)
  # One OpenBLAS thread per task: Spark's task slots give the parallelism (spark-notes §2).
  export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
  exec java $cds ${HTSR_JAVA_OPTS:--Xmx4g} "${HTSR_JIT_FLAGS[@]}" "${HTSR_GC_FLAGS[@]}" "${HTSR_MEMORY_FLAGS[@]}" "${HTSR_JVM_FLAGS[@]}" \
    -Dhtsr.conf.dir="${HTSR_CONF_DIR:-$HTSR_HOME/conf}" \
    -Dlog4j2.configurationFile="${HTSR_CONF_DIR:-$HTSR_HOME/conf}/log4j2.properties" \
    -Dhtsr.job.jar="$HTSR_HOME/target/htsr-job.jar" \
    -cp "$HTSR_HOME/target/htsr.jar:$HTSR_HOME/target/lib/*" "$main" "$@"
}
