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

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
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

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "== $*"; }

for v in DURATION WARMUP CONNECTIONS THREADS BATCH KEYS COUNTERS REDIS_REQUESTS START_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
(( BATCH >= 2 )) || die "BATCH must be at least 2"
(( THREADS <= CONNECTIONS )) || die "THREADS ($THREADS) must not exceed CONNECTIONS ($CONNECTIONS)"

# ---------------------------------------------------------------- tools
APT_CMD="apt-get install -y wrk redis-server redis-tools"
missing=()
for t in wrk redis-server redis-benchmark redis-cli; do command -v "$t" >/dev/null || missing+=("$t"); done
if (( ${#missing[@]} )); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}: apt-get update && $APT_CMD"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive $APT_CMD >/dev/null \
      || die "installing failed; run by hand: apt-get update && $APT_CMD"
  else
    die "missing ${missing[*]}; install them with: sudo apt-get update && sudo $APT_CMD"
  fi
fi
for t in java curl ss awk; do command -v "$t" >/dev/null || die "missing '$t' (java: a JDK 17+; curl, ss (iproute2), awk: apt-get install -y curl iproute2 gawk)"; done
[[ -f "$GRIDKV_NODE_JAR" ]] || die "no node jar at $GRIDKV_NODE_JAR — build it (mvn -pl node -am package -DskipTests) or set GRIDKV_NODE_JAR"
[[ -f "$LUA" ]] || die "missing $LUA"

# ---------------------------------------------------------------- processes and cleanup
WORK="$(mktemp -d /tmp/gridkv-bench.XXXXXX)"
NODE_PID=""
REDIS_PID=""
NODE_LOG="$WORK/node.log"
REDIS_LOG="$WORK/redis.log"
KEEP_NODE_LOG=""

stop_pid() { # pid name: TERM, up to 15 s, then KILL
  local pid="$1" name="$2" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name (pid $pid) did not stop in 15 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$NODE_PID" "gridkv node"
  stop_pid "$REDIS_PID" "redis-server"
  if [[ -n "$KEEP_NODE_LOG" && -f "$NODE_LOG" ]]; then
    mkdir -p "$(dirname "$KEEP_NODE_LOG")" && cp "$NODE_LOG" "$KEEP_NODE_LOG" && echo "node log kept: $KEEP_NODE_LOG"
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A TCP port nobody listens on or uses now (random in 20000..60999, checked with ss). Another
# process can still take it before we bind: the starts below check that the process answering is
# ours and retry on other ports.
USED_PORTS=" "
free_port() { # sets PORT
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 41000))
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    if [[ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]]; then
      USED_PORTS+="$p "
      PORT=$p
      return 0
    fi
  done
  die "found no free TCP port"
}

CLUSTER_NAME="gridkv-bench-$(date +%s)-$$-$RANDOM"
start_node() {
  local attempt i code
  for attempt in 1 2 3; do
    free_port; HTTP_PORT=$PORT
    free_port; CLUSTER_PORT=$PORT
    BASE="http://127.0.0.1:$HTTP_PORT"
    log "starting node: $(basename "$GRIDKV_NODE_JAR") http 127.0.0.1:$HTTP_PORT, cluster 127.0.0.1:$CLUSTER_PORT, cluster name $CLUSTER_NAME"
    java -Xms1g -Xmx1g -jar "$GRIDKV_NODE_JAR" \
      --http-port "$HTTP_PORT" --http-host 127.0.0.1 \
      --cluster-port "$CLUSTER_PORT" --host 127.0.0.1 \
      --cluster-name "$CLUSTER_NAME" --data-dir "$WORK/data" >"$NODE_LOG" 2>&1 &
    NODE_PID=$!
    for ((i = 0; i < START_TIMEOUT * 4; i++)); do
      if ! kill -0 "$NODE_PID" 2>/dev/null; then
        wait "$NODE_PID" 2>/dev/null || true
        NODE_PID=""
        break
      fi
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/health/ready" || true)
      # the port answering must be our node: check its cluster name
      if [[ "$code" == 200 ]] && curl -s --max-time 2 "$BASE/v1/stats" | grep -q "\"clusterName\":\"$CLUSTER_NAME\""; then
        log "node ready after $(awk "BEGIN{print $i/4}") s (pid $NODE_PID)"
        return 0
      fi
      sleep 0.25
    done
    if [[ -z "$NODE_PID" ]]; then
      if grep -qiE 'already in use|BindException' "$NODE_LOG"; then
        echo "node could not bind its ports (taken meanwhile); retrying on others" >&2
        continue
      fi
      echo "---- node log (last 40 lines)" >&2; tail -n 40 "$NODE_LOG" >&2
      die "the node exited during start-up"
    fi
    echo "---- node log (last 40 lines)" >&2; tail -n 40 "$NODE_LOG" >&2
    die "the node did not become ready (GET $BASE/health/ready = 200 with cluster name $CLUSTER_NAME) within $START_TIMEOUT s"
  done
  die "the node could not bind free ports in 3 attempts"
}

start_redis() {
  local attempt i pid
  for attempt in 1 2 3; do
    free_port; REDIS_PORT=$PORT
    log "starting redis-server on 127.0.0.1:$REDIS_PORT (--save '' --appendonly no)"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
      --dir "$WORK" --daemonize no --logfile "$REDIS_LOG" >/dev/null 2>&1 &
    REDIS_PID=$!
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
      if ! kill -0 "$REDIS_PID" 2>/dev/null; then
        wait "$REDIS_PID" 2>/dev/null || true
        REDIS_PID=""
        break
      fi
      pid=$(redis-cli -p "$REDIS_PORT" info server 2>/dev/null | tr -d '\r' | awk -F: '$1 == "process_id" {print $2}' || true)
      if [[ "$pid" == "$REDIS_PID" ]]; then
        log "redis ready (pid $REDIS_PID, $(redis-server --version | awk '{print $3}'))"
        return 0
      fi
      sleep 0.1
    done
    if [[ -z "$REDIS_PID" ]]; then
      if grep -qiE 'already in use|Could not create server TCP' "$REDIS_LOG" 2>/dev/null; then
        echo "redis could not bind its port (taken meanwhile); retrying on another" >&2
        continue
      fi
      tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true
      die "redis-server exited during start-up"
    fi
    tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true
    die "redis-server did not answer on port $REDIS_PORT within $START_TIMEOUT s"
  done
  die "redis-server could not bind a free port in 3 attempts"
}

post() { # path body -> prints the body; fails unless 200
  local out code
  out=$(printf '%s' "$2" | curl -s --max-time 60 -w '\n%{http_code}' -H 'Content-Type: application/json' -X POST --data-binary @- "$BASE$1") \
    || die "POST $1 failed (curl)"
  code="${out##*$'\n'}"
  [[ "$code" == 200 ]] || die "POST $1 answered $code: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}

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
DATE="$(date +%F)"
STAMP="$(date '+%F %T %Z')"
NPROC="$(nproc)"
LOAD_BEFORE="$(uptime | sed 's/^ *//')"
JAVA_VERSION="$( (java -version 2>&1 || true) | awk 'NR == 1')"
NODE_VERSION="$(unzip -p "$GRIDKV_NODE_JAR" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r' | awk -F': ' '$1=="Implementation-Version"{print $2}' || true)"
GIT_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
REDIS_VERSION="$(redis-server --version | awk '{print $3}' | sed 's/^v=//')"
WRK_VERSION="$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $2}')"

echo "gridkv HTTP vs Redis — $STAMP"
echo "nproc: $NPROC; load before the run: $LOAD_BEFORE"
echo "WARNING: nothing is pinned to CPUs: wrk, redis-benchmark, Redis and the node share these $NPROC cores"
echo "         (and whatever else runs on the machine), so the load generator competes with the server."
echo "jar: $GRIDKV_NODE_JAR (${NODE_VERSION:-version unknown}; repo HEAD at run time: $GIT_REV)"
echo "wrk: -t $THREADS -c $CONNECTIONS, warm-up ${WARMUP}s + ${DURATION}s per scenario; batch = $BATCH ops"

start_node
start_redis
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

field() { sed -n "s/.*[ ]$2=\\([^ ]*\\).*/\\1/p" <<<"$(grep "^$1 " "$3")" | head -n 1; }

# One warm-up pass over every scenario first, so that the JIT has compiled the whole HTTP path (and the
# first row is not measured against a cold JVM); then each scenario gets its own warm-up before its run.
if (( WARMUP > 0 )); then
  for sc in "${SCENARIOS[@]}"; do
    log "JVM warm-up: $(label "$sc") ${WARMUP}s"
    run_wrk "$sc" "$WARMUP" "$WORK/jit-warmup.txt"
    for k in non200 op_errors connect read write timeout; do
      n=$(field BENCH_ERRORS "$k" "$WORK/jit-warmup.txt")
      if [[ "$n" != 0 ]]; then
        echo "!!!! the warm-up of $(label "$sc") got errors:" >&2
        grep '^BENCH_' "$WORK/jit-warmup.txt" | sed 's/^/!!!!   /' >&2
        die "the node answers errors: not benchmarking"
      fi
    done
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
  errs="" ; note=""
  for k in non200 op_errors connect read write timeout; do
    n=$(field BENCH_ERRORS "$k" "$out"); n=${n:-?}
    [[ "$n" == 0 ]] || errs+=" $k=$n"
  done
  # the warm-up must be clean too
  if (( WARMUP > 0 )); then
    for k in non200 op_errors connect read write timeout; do
      n=$(field BENCH_ERRORS "$k" "$WORK/warmup.txt"); n=${n:-?}
      [[ "$n" == 0 ]] || errs+=" warm-up:$k=$n"
    done
  fi
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
  local line t rps p50 p99
  while IFS= read -r line; do
    line=${line//\"/}
    IFS=, read -r t rps _ _ p50 _ p99 _ <<<"$line"
    case "$t" in SET|GET|INCR) ;; *) continue ;; esac
    R_OPS[$t:$p]=$rps
    R_P50[$t:$p]=$p50
    R_P99[$t:$p]=$p99
  done <"$out"
  head -n 1 "$out" | grep -q p50_latency_ms || echo "    (this redis-benchmark prints no percentiles in --csv: Redis p50/p99 not available)"
}
redis_run 1 "$REDIS_REQUESTS"
redis_run "$BATCH" "$((REDIS_REQUESTS * BATCH))"

# ---------------------------------------------------------------- node log
# lines that say something went wrong, less the expected warning of a node started without --members
LOG_PROBLEMS='Exception|SEVERE|ERROR|WARN|OutOfMemory'
LOG_EXPECTED='No join method is enabled! Starting standalone'
node_log_problems() { grep -E "$LOG_PROBLEMS" "$NODE_LOG" | grep -vF "$LOG_EXPECTED" || true; }
LOG_FINDINGS="$(node_log_problems | wc -l)"
[[ "$LOG_FINDINGS" =~ ^[0-9]+$ ]] || LOG_FINDINGS=0

# ---------------------------------------------------------------- table
redis_key() { # scenario -> SET:1 etc.
  local op="${1#batch:}" p=1 t
  [[ "$1" == batch:* ]] && p="$BATCH"
  case "$op" in get) t=GET ;; set) t=SET ;; incrementBy) t=INCR ;; esac
  echo "$t:$p"
}
fmt_int() { awk -v x="$1" 'BEGIN{ if (x == "") { print "n/a"; exit } s = sprintf("%.0f", x); n = length(s); o = ""; for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," } print o }'; }
fmt_ms_us() { awk -v x="$1" 'BEGIN{ if (x == "") print "n/a"; else printf "%.2f", x / 1000 }'; }
fmt_ms() { awk -v x="$1" 'BEGIN{ if (x == "") print "n/a"; else printf "%.2f", x }'; }

HEADER=("operation" "gridkv req/s" "gridkv ops/s" "p50 ms" "p99 ms" "max ms" "Redis" "Redis ops/s" "Redis p50 ms" "Redis p99 ms" "gridkv / Redis")
ROWS=()
for sc in "${SCENARIOS[@]}"; do
  per=1; [[ "$sc" == batch:* ]] && per="$BATCH"
  ops=$(awk -v r="${RPS[$sc]}" -v p="$per" 'BEGIN{print r * p}')
  rk=$(redis_key "$sc")
  rops="${R_OPS[$rk]:-}"
  ratio=$(awk -v a="$ops" -v b="$rops" 'BEGIN{ if (b == "" || b == 0) print "n/a"; else printf "%.3f", a / b }')
  name="$(label "$sc")"
  [[ "${VALID[$sc]}" == yes ]] || name="$name (INVALID)"
  ROWS+=("$name|$(fmt_int "${RPS[$sc]}")|$(fmt_int "$ops")|$(fmt_ms_us "${P50[$sc]}")|$(fmt_ms_us "${P99[$sc]}")|$(fmt_ms_us "${MAXL[$sc]}")|${rk%%:*} -P ${rk##*:}|$(fmt_int "$rops")|$(fmt_ms "${R_P50[$rk]:-}")|$(fmt_ms "${R_P99[$rk]:-}")|$ratio")
done

print_table() {
  local all=("$(IFS='|'; echo "${HEADER[*]}")" "${ROWS[@]}")
  printf '%s\n' "${all[@]}" | awk -F'|' '
    { for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NF; rows = NR }
    END { for (r = 1; r <= rows; r++) { line = ""
            for (i = 1; i <= n; i++) line = line sprintf(i == 1 ? "%-" w[i] "s" : "  %" w[i] "s", c[r, i])
            print line
            if (r == 1) { line = ""; for (i = 1; i <= n; i++) { d = sprintf("%" w[i] "s", ""); gsub(/ /, "-", d); line = line (i == 1 ? "" : "  ") d } print line } } }'
}
markdown_table() {
  echo "| $(IFS='|'; echo "${HEADER[*]}" | sed 's/|/ | /g') |"
  echo "|---|$(for ((i = 1; i < ${#HEADER[@]}; i++)); do printf -- '---:|'; done)"
  local r
  for r in "${ROWS[@]}"; do echo "| ${r//|/ | } |"; done
}

echo
echo "gridkv HTTP/JSON (1 node, wrk -t $THREADS -c $CONNECTIONS, ${DURATION}s) vs Redis $REDIS_VERSION (redis-benchmark -c $CONNECTIONS); nproc $NPROC, shared by all"
print_table
for sc in "${SCENARIOS[@]}"; do if [[ -n "${NOTE[$sc]}" ]]; then echo "  $(label "$sc"): ${NOTE[$sc]}"; fi; done
echo "load after the run: $(uptime | sed 's/^ *//')"

mkdir -p "$RESULTS_DIR"
RESULT_MD="$RESULTS_DIR/$DATE-http-vs-redis.md"
if [[ -e "$RESULT_MD" ]]; then RESULT_MD="$RESULTS_DIR/$DATE-$(date +%H%M%S)-http-vs-redis.md"; fi
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
  echo "- load after the run: \`$(uptime | sed 's/^ *//')\`"
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
