#!/usr/bin/env bash
# bench/http-vs-redis.sh — gridkv's HTTP/JSON path under load, beside Redis on the same machine.
#
# Run on purpose, never by the test suite. It does NOT build the node: build it first
# (mvn -pl node -am package -DskipTests), or point GRIDKV_NODE_JAR at a built gridkv-node.jar.
#
# What it does:
#   1. installs wrk, redis-server and redis-benchmark from Debian's packages if missing
#      (apt-get install -y wrk redis-server redis-tools; as root), or prints that command and stops;
#   2. starts one gridkv node (java -Xms1g -Xmx1g -jar $GRIDKV_NODE_JAR, a unique --cluster-name,
#      free HTTP and cluster ports found at run time, bound to 127.0.0.1, a throw-away --data-dir)
#      and one redis-server (free port, --save '' --appendonly no), waits until both answer, and
#      stops both at exit whatever happens;
#   3. pre-loads keys k:0..k:(KEYS-1) and counters c:0..c:(COUNTERS-1) into the store "bench";
#   4. for get, set, incrementBy — one per request, then BATCH per request (POST .../batch) —
#      runs wrk (bench/wrk/gridkv.lua): first one WARMUP-second pass over all six (JIT warm-up),
#      then for each: WARMUP seconds (discarded), then DURATION seconds (measured);
#   5. runs redis-benchmark -t get,set,incr with -P 1 and with -P $BATCH as the yardstick;
#   6. prints one table and writes it as Markdown to bench/results/<date>-http-vs-redis.md.
# Any non-200 answer, failed batch operation, socket error or timeout makes the run invalid: the
# row is marked, the details printed, and the script exits 1.
#
# Environment knobs (defaults in brackets):
#   GRIDKV_NODE_JAR  node jar, relative paths from the repo root [node/target/gridkv-node.jar]
#   DURATION         seconds of each measured wrk run [15]
#   WARMUP           seconds of each warm-up wrk run (0: none) [5]
#   CONNECTIONS      wrk connections, and redis-benchmark clients [50]
#   THREADS          wrk threads [2]
#   BATCH            operations per batch request, and redis-benchmark's pipeline depth [16]
#   KEYS             keys pre-loaded and read/written at random [10000]
#   COUNTERS         counters incremented at random [100]
#   REDIS_REQUESTS   redis-benchmark -n for -P 1 (x BATCH for the pipelined run) [500000]
#   WRK_TIMEOUT      wrk's per-request timeout; a timeout invalidates the run [2s]
#   START_TIMEOUT    seconds to wait for the node, then for Redis, to answer [90]
#   RESULTS_DIR      where the Markdown table goes [bench/results]
#
# Usage: bench/http-vs-redis.sh [--help]
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

case "${1:-}" in
  -h|--help) usage_of "${BASH_SOURCE[0]}"; exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

GRIDKV_NODE_JAR="${GRIDKV_NODE_JAR:-node/target/gridkv-node.jar}"
case "$GRIDKV_NODE_JAR" in /*) ;; *) GRIDKV_NODE_JAR="$REPO_ROOT/$GRIDKV_NODE_JAR" ;; esac
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
CONNECTIONS="${CONNECTIONS:-50}"
THREADS="${THREADS:-2}"
BATCH="${BATCH:-16}"
KEYS="${KEYS:-10000}"
COUNTERS="${COUNTERS:-100}"
REDIS_REQUESTS="${REDIS_REQUESTS:-500000}"
WRK_TIMEOUT="${WRK_TIMEOUT:-2s}"
START_TIMEOUT="${START_TIMEOUT:-90}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
STORE=bench
LUA="$BENCH_DIR/wrk/gridkv.lua"

whole_numbers DURATION WARMUP CONNECTIONS THREADS BATCH KEYS COUNTERS REDIS_REQUESTS START_TIMEOUT
(( BATCH >= 2 )) || die "BATCH must be at least 2"
(( THREADS <= CONNECTIONS )) || die "THREADS ($THREADS) must not exceed CONNECTIONS ($CONNECTIONS)"

# ---------------------------------------------------------------- tools
ensure_tools

# ---------------------------------------------------------------- processes and cleanup
WORK="$(mktemp -d /tmp/gridkv-bench.XXXXXX)"
NODE_LOG="$WORK/node.log"
REDIS_LOG="$WORK/redis.log"
install_cleanup

# sum of the counters c:0..c:(COUNTERS-1) (absent counters count 0)
counter_sum() {
  local ops
  ops=$(awk -v n="$COUNTERS" 'BEGIN{for(i=0;i<n;i++){printf "%s{\"op\":\"get\",\"key\":\"c:%d\"}", (i?",":""), i}}')
  post "/v1/stores/$STORE/batch" "{\"ops\":[$ops]}" | grep -o '"result":-\{0,1\}[0-9]*' | awk -F: '{s+=$2} END{print s+0}'
}

preload() {
  local from to body out chunk=1000
  post "/v1/stores/$STORE/open" '{"backend":"memory","serialization":"json","trackKeys":false}' >/dev/null
  for ((from = 0; from < KEYS; from += chunk)); do
    to=$((from + chunk < KEYS ? from + chunk : KEYS))
    body=$(awk -v a="$from" -v b="$to" 'BEGIN{printf "{\"ops\":["; for(i=a;i<b;i++){printf "%s{\"op\":\"set\",\"key\":\"k:%d\",\"value\":{\"n\":%d,\"s\":\"gridkv-bench\"}}", (i>a?",":""), i, i}; printf "]}"}')
    out=$(post "/v1/stores/$STORE/batch" "$body")
    [[ "$out" != *'"error"'* ]] || die "pre-load failed: ${out:0:300}"
  done
  body=$(awk -v n="$COUNTERS" 'BEGIN{printf "{\"ops\":["; for(i=0;i<n;i++){printf "%s{\"op\":\"set\",\"key\":\"c:%d\",\"value\":0}", (i?",":""), i}; printf "]}"}')
  out=$(post "/v1/stores/$STORE/batch" "$body")
  [[ "$out" != *'"error"'* ]] || die "pre-load of counters failed: ${out:0:300}"
  out=$(curl -s --max-time 10 "$BASE/v1/stats")
  [[ "$out" == *"\"store\":\"$STORE\""*"\"keys\":$((KEYS + COUNTERS))"* ]] || die "after pre-load /v1/stats shows: $out"
  log "pre-loaded $KEYS keys k:0..k:$((KEYS - 1)) and $COUNTERS counters into store '$STORE'"
}

# ---------------------------------------------------------------- the run
run_facts

echo "gridkv HTTP vs Redis — $STAMP"
echo "nproc: $NPROC; load before the run: $LOAD_BEFORE"
echo "WARNING: nothing is pinned to CPUs: wrk, redis-benchmark, Redis and the node share these $NPROC cores"
echo "         (and whatever else runs on the machine), so the load generator competes with the server."
echo "jar: $GRIDKV_NODE_JAR (${NODE_VERSION:-version unknown}; repo HEAD at run time: $GIT_REV)"
echo "wrk: -t $THREADS -c $CONNECTIONS, warm-up ${WARMUP}s + ${DURATION}s per scenario; batch = $BATCH ops"

start_node "$WORK/data"
start_redis "$WORK" --save '' --appendonly no
preload

declare -A RPS P50 P99 MAXL VALID NOTE
INVALID=0
SCENARIOS=(get set incrementBy "batch:get" "batch:set" "batch:incrementBy")

label() { case "$1" in batch:*) echo "batch of $BATCH × ${1#batch:}" ;; *) echo "$1" ;; esac; }

run_wrk() { # scenario seconds outfile
  local sc="$1" secs="$2" out="$3" op batch=1
  op="${sc#batch:}"; [[ "$sc" == batch:* ]] && batch="$BATCH"
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${secs}s" --timeout "$WRK_TIMEOUT" --latency -s "$LUA" "$BASE" \
    -- "$op" "$batch" "$STORE" "$KEYS" "$COUNTERS" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed for $(label "$sc")"; }
}

# One warm-up pass over every scenario first, so that the JIT has compiled the whole HTTP path (and the
# first row is not measured against a cold JVM); then each scenario gets its own warm-up before its run.
if (( WARMUP > 0 )); then
  for sc in "${SCENARIOS[@]}"; do
    log "JVM warm-up: $(label "$sc") ${WARMUP}s"
    run_wrk "$sc" "$WARMUP" "$WORK/jit-warmup.txt"
    if [[ -n "$(wrk_errors "$WORK/jit-warmup.txt")" ]]; then
      echo "!!!! the warm-up of $(label "$sc") got errors:" >&2
      grep '^BENCH_' "$WORK/jit-warmup.txt" | sed 's/^/!!!!   /' >&2
      die "the node answers errors: not benchmarking"
    fi
  done
fi

for sc in "${SCENARIOS[@]}"; do
  lbl="$(label "$sc")"
  out="$WORK/wrk-${sc/:/-}.txt"
  sum_before=""
  [[ "$sc" == *incrementBy ]] && sum_before=$(counter_sum)
  log "$lbl: warm-up ${WARMUP}s"
  warm_reqs=0
  rm -f "$WORK/warmup.txt"
  if (( WARMUP > 0 )); then
    run_wrk "$sc" "$WARMUP" "$WORK/warmup.txt"
    warm_reqs=$(field BENCH_RESULT requests "$WORK/warmup.txt")
  fi
  log "$lbl: ${DURATION}s"
  run_wrk "$sc" "$DURATION" "$out"
  sed -n '/^Running/,/^BENCH_RESULT/p' "$out" | grep -v '^BENCH_' | sed 's/^/    /'
  RPS[$sc]=$(field BENCH_RESULT rps "$out")
  P50[$sc]=$(field BENCH_RESULT p50_us "$out")
  P99[$sc]=$(field BENCH_RESULT p99_us "$out")
  MAXL[$sc]=$(field BENCH_RESULT max_us "$out")
  errs="$(wrk_errors "$out")"; note=""
  # the warm-up must be clean too
  if (( WARMUP > 0 )); then errs+="$(wrk_errors "$WORK/warmup.txt" warm-up:)"; fi
  # increments: the counters must have grown by at least the acknowledged increments, and by at most
  # those plus the ones still in flight when wrk stopped (one per connection and run)
  if [[ -n "$sum_before" ]]; then
    per=1; [[ "$sc" == batch:* ]] && per="$BATCH"
    sum_after=$(counter_sum)
    acked=$(( (warm_reqs + $(field BENCH_RESULT requests "$out")) * per ))
    slack=$(( 2 * CONNECTIONS * per ))
    grown=$(( sum_after - sum_before ))
    if (( grown < acked || grown > acked + slack )); then
      errs+=" counters grew by $grown for $acked acknowledged increments (+ at most $slack in flight)"
    else
      note="counters +$grown for $acked acknowledged"
    fi
  fi
  if [[ -n "$errs" ]]; then
    VALID[$sc]=no
    INVALID=1
    echo "!!!! INVALID: $lbl:$errs" >&2
    grep -hE '^BENCH_(STATUS|SAMPLE)' "$out" "$WORK/warmup.txt" 2>/dev/null | sed 's/^/!!!!   /' >&2 || true
    NOTE[$sc]="INVALID:$errs"
  else
    VALID[$sc]=yes
    NOTE[$sc]="$note"
  fi
  kill -0 "$NODE_PID" 2>/dev/null || die "the node died during $lbl; log: $(tail -n 20 "$NODE_LOG")"
done

# ---------------------------------------------------------------- Redis
declare -A R_OPS R_P50 R_P99
redis_run() { # pipeline requests
  local p="$1" n="$2" out="$WORK/redis-P$1.csv"
  log "redis-benchmark -p $REDIS_PORT -c $CONNECTIONS -n $n -r $KEYS -t get,set,incr -P $p --csv"
  redis-benchmark -p "$REDIS_PORT" -c "$CONNECTIONS" -n "$n" -r "$KEYS" -t get,set,incr -P "$p" --csv >"$out" 2>&1 \
    || { cat "$out" >&2; die "redis-benchmark -P $p failed"; }
  sed 's/^/    /' "$out"
  local t rps p50 p99
  for t in SET GET INCR; do
    read -r rps p50 p99 _ <<<"$(redis_csv "$out" "$t")" || true
    R_OPS[$t:$p]=$rps
    R_P50[$t:$p]=$p50
    R_P99[$t:$p]=$p99
  done
  redis_csv_has_percentiles "$out" || echo "    (this redis-benchmark prints no percentiles in --csv: Redis p50/p99 not available)"
}
redis_run 1 "$REDIS_REQUESTS"
redis_run "$BATCH" "$((REDIS_REQUESTS * BATCH))"

# ---------------------------------------------------------------- node log
LOG_FINDINGS="$(node_log_findings)"

# ---------------------------------------------------------------- table
redis_key() { # scenario -> SET:1 etc.
  local op="${1#batch:}" p=1 t
  [[ "$1" == batch:* ]] && p="$BATCH"
  case "$op" in get) t=GET ;; set) t=SET ;; incrementBy) t=INCR ;; esac
  echo "$t:$p"
}

HEADER=("operation" "gridkv req/s" "gridkv ops/s" "p50 ms" "p99 ms" "max ms" "Redis" "Redis ops/s" "Redis p50 ms" "Redis p99 ms" "gridkv / Redis")
ROWS=()
for sc in "${SCENARIOS[@]}"; do
  per=1; [[ "$sc" == batch:* ]] && per="$BATCH"
  ops=$(awk -v r="${RPS[$sc]}" -v p="$per" 'BEGIN{print r * p}')
  rk=$(redis_key "$sc")
  rops="${R_OPS[$rk]:-}"
  rto=$(ratio "$ops" "$rops")
  name="$(label "$sc")"
  [[ "${VALID[$sc]}" == yes ]] || name="$name (INVALID)"
  ROWS+=("$name|$(fmt_int "${RPS[$sc]}")|$(fmt_int "$ops")|$(fmt_ms_us "${P50[$sc]}")|$(fmt_ms_us "${P99[$sc]}")|$(fmt_ms_us "${MAXL[$sc]}")|${rk%%:*} -P ${rk##*:}|$(fmt_int "$rops")|$(fmt_ms "${R_P50[$rk]:-}")|$(fmt_ms "${R_P99[$rk]:-}")|$rto")
done

echo
echo "gridkv HTTP/JSON (1 node, wrk -t $THREADS -c $CONNECTIONS, ${DURATION}s) vs Redis $REDIS_VERSION (redis-benchmark -c $CONNECTIONS); nproc $NPROC, shared by all"
print_table
for sc in "${SCENARIOS[@]}"; do if [[ -n "${NOTE[$sc]}" ]]; then echo "  $(label "$sc"): ${NOTE[$sc]}"; fi; done
echo "load after the run: $(load_now)"

mkdir -p "$RESULTS_DIR"
RESULT_MD="$(results_file http-vs-redis)"
if (( LOG_FINDINGS > 0 )); then
  KEEP_NODE_LOG="${RESULT_MD%-http-vs-redis.md}-node.log"
  echo "the node's log has $LOG_FINDINGS line(s) with Exception/SEVERE/ERROR/WARN; it is kept as $KEEP_NODE_LOG:"
  node_log_problems | sort | uniq -c | sort -rn | head -n 10 | sed 's/^/    /'
fi
{
  echo "# gridkv HTTP/JSON vs Redis — $STAMP"
  echo
  echo "\`bench/http-vs-redis.sh\`: one gridkv node (\`java -Xms1g -Xmx1g -jar\`, ${NODE_VERSION:-?}, repo HEAD at run time \`$GIT_REV\`) driven"
  echo "by wrk $WRK_VERSION (\`-t $THREADS -c $CONNECTIONS\`, ${WARMUP} s warm-up then ${DURATION} s per row, random keys among $KEYS,"
  echo "counters among $COUNTERS; batches of $BATCH ops via \`POST /v1/stores/$STORE/batch\`), beside Redis $REDIS_VERSION"
  echo "(\`redis-benchmark -c $CONNECTIONS -r $KEYS -t get,set,incr\`, \`-P 1\` for single operations, \`-P $BATCH\` for batches;"
  echo "no persistence). Ops/s for batches = req/s × $BATCH. Latencies are per HTTP request (a whole batch), and for"
  echo "Redis per command as redis-benchmark reports them."
  echo
  echo "- machine: $NPROC cores (\`nproc\`), **shared** by wrk, redis-benchmark, Redis, the node and anything else running; nothing pinned"
  echo "- load before the run: \`$LOAD_BEFORE\`"
  echo "- load after the run: \`$(load_now)\`"
  echo "- $JAVA_VERSION"
  echo
  markdown_table
  echo
  for sc in "${SCENARIOS[@]}"; do if [[ -n "${NOTE[$sc]}" ]]; then echo "- $(label "$sc"): ${NOTE[$sc]}"; fi; done
  if (( LOG_FINDINGS > 0 )); then
    echo "- node log: $LOG_FINDINGS line(s) with Exception/SEVERE/ERROR/WARN, kept as \`$(basename "$KEEP_NODE_LOG")\`"
  else
    echo "- node log: no exception, error or warning"
  fi
  if (( INVALID )); then echo "- **INVALID RUN**: some requests failed (see the rows marked INVALID)"; fi
} >"$RESULT_MD"
echo "written: $RESULT_MD"

if (( INVALID )); then
  echo "!!!! the benchmark saw errors: its numbers are not valid (see the INVALID rows above)" >&2
  exit 1
fi
