#!/bin/bash
# alternating before (8e24490) / after (i17) jobs/analyze on ../shared/models, then a no-op rerun each
for rep in 1 2; do
  for side in base pkg; do
    out=/tmp/i17-e2e-$side-$rep; rm -rf $out
    echo "== $side rep $rep first run; loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd /tmp/i17-$side && OPENBLAS_NUM_THREADS=1 jobs/analyze --master 'local[2]' --out $out /work/shared/models 2>/dev/null | grep -E "^time:|^run ")
    echo "== $side rep $rep no-op rerun; loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
    s=$(date +%s.%N)
    (cd /tmp/i17-$side && OPENBLAS_NUM_THREADS=1 jobs/analyze --master 'local[2]' --out $out /work/shared/models 2>/dev/null | grep -E "^time:|^skipping")
    echo "whole process wall $(echo "$(date +%s.%N) - $s" | bc) s"
  done
done
echo "loadavg after $(cut -d' ' -f1-3 /proc/loadavg)"
