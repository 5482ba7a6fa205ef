# bench/lib.sh — shell functions shared by the bench/*.sh scripts. Sourced, never run:
#
#   BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   source "$BENCH_DIR/lib.sh"
#
# The sourcing script runs with `set -euo pipefail` and sets, before calling into this file:
#   GRIDKV_NODE_JAR  absolute path of the node jar           START_TIMEOUT  seconds to wait for a start
#   WORK             its throw-away work directory           LUA            the wrk script it uses
#   NODE_LOG, REDIS_LOG  where the node's and Redis's output go
# and reads back what the functions below set (PORT, HTTP_PORT, CLUSTER_PORT, BASE, REDIS_PORT, NODE_PID,
# REDIS_PID, the run facts of run_facts). Which function uses what is said above each one.
#
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # globals shared with the sourcing script, in both directions

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "== $*"; }

# usage FILE: the comment block at the top of FILE (after the #! line, up to `set -euo`), without the '# '
usage_of() { sed -n '2,/^set -euo/p' "$1" | sed '$d' | sed '/^# shellcheck/d; s/^# \{0,1\}//'; }

whole_numbers() { # VAR...: each must hold a whole number
  local v
  for v in "$@"; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
  done
}

# ---------------------------------------------------------------- tools
# Installs wrk, redis-server, redis-benchmark and redis-cli from Debian's packages when one is missing (as root),
# or says how and stops; then checks for java, curl, ss, awk, the node jar and the wrk script.
ensure_tools() {
  local apt_cmd="apt-get install -y wrk redis-server redis-tools" missing=() t
  for t in wrk redis-server redis-benchmark redis-cli; do command -v "$t" >/dev/null || missing+=("$t"); done
  if (( ${#missing[@]} )); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      log "installing ${missing[*]}: apt-get update && $apt_cmd"
      if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive $apt_cmd >/dev/null; }; then
        die "installing failed; run by hand: apt-get update && $apt_cmd"
      fi
    else
      die "missing ${missing[*]}; install them with: sudo apt-get update && sudo $apt_cmd"
    fi
  fi
  for t in java curl ss awk; do command -v "$t" >/dev/null || die "missing '$t' (java: a JDK 17+; curl, ss (iproute2), awk: apt-get install -y curl iproute2 gawk)"; done
  [[ -f "$GRIDKV_NODE_JAR" ]] || die "no node jar at $GRIDKV_NODE_JAR — build it (mvn -pl node -am package -DskipTests) or set GRIDKV_NODE_JAR"
  [[ -f "$LUA" ]] || die "missing $LUA"
}

# ---------------------------------------------------------------- processes and cleanup
NODE_PID=""
REDIS_PID=""
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
stop_node() { stop_pid "$NODE_PID" "gridkv node"; NODE_PID=""; }
stop_redis() { stop_pid "$REDIS_PID" "redis-server"; REDIS_PID=""; }

# At exit, whatever happens (Ctrl-C included): stops the node and Redis, keeps the node's log as KEEP_NODE_LOG
# when that is set, removes WORK.
bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_node
  stop_redis
  if [[ -n "$KEEP_NODE_LOG" && -f "$NODE_LOG" ]]; then
    mkdir -p "$(dirname "$KEEP_NODE_LOG")" && cp "$NODE_LOG" "$KEEP_NODE_LOG" && echo "node log kept: $KEEP_NODE_LOG"
  fi
  [[ -n "${WORK:-}" ]] && rm -rf "$WORK"
  exit "$rc"
}
install_cleanup() {
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

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

# start_node DATA_DIR: one node (java -Xms1g -Xmx1g) on free ports bound to 127.0.0.1, with a unique
# cluster name; waits until /health/ready answers 200 and /v1/stats shows that cluster name. Sets NODE_PID,
# HTTP_PORT, CLUSTER_PORT, BASE, CLUSTER_NAME.
CLUSTER_NAME="gridkv-bench-$(date +%s)-$$-$RANDOM"
start_node() {
  local data_dir="$1" attempt i code
  for attempt in 1 2 3; do
    free_port; HTTP_PORT=$PORT
    free_port; CLUSTER_PORT=$PORT
    BASE="http://127.0.0.1:$HTTP_PORT"
    log "starting node (attempt $attempt): $(basename "$GRIDKV_NODE_JAR") http 127.0.0.1:$HTTP_PORT, cluster 127.0.0.1:$CLUSTER_PORT, cluster name $CLUSTER_NAME"
    java -Xms1g -Xmx1g -jar "$GRIDKV_NODE_JAR" \
      --http-port "$HTTP_PORT" --http-host 127.0.0.1 \
      --cluster-port "$CLUSTER_PORT" --host 127.0.0.1 \
      --cluster-name "$CLUSTER_NAME" --data-dir "$data_dir" >"$NODE_LOG" 2>&1 &
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

# start_redis DIR ARG...: redis-server on a free port bound to 127.0.0.1, files in DIR, with the given extra
# arguments (persistence settings); waits until the process answering INFO is the one started. Sets REDIS_PID,
# REDIS_PORT.
start_redis() {
  local dir="$1" attempt i pid
  shift
  mkdir -p "$dir"
  for attempt in 1 2 3; do
    free_port; REDIS_PORT=$PORT
    log "starting redis-server (attempt $attempt) on 127.0.0.1:$REDIS_PORT ($*)"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 "$@" \
      --dir "$dir" --daemonize no --logfile "$REDIS_LOG" >/dev/null 2>&1 &
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

# redis_info SECTION FIELD: one field of Redis's INFO (REDIS_PORT)
redis_info() { redis-cli -p "$REDIS_PORT" info "$1" | tr -d '\r' | awk -F: -v f="$2" '$1 == f {print $2}'; }
# redis_config NAME: the value of CONFIG GET NAME (REDIS_PORT)
redis_config() { redis-cli -p "$REDIS_PORT" config get "$1" | tr -d '\r' | sed -n 2p; }

# ---------------------------------------------------------------- HTTP and wrk
post() { # path body -> prints the body; fails unless 200 (BASE)
  local out code
  out=$(printf '%s' "$2" | curl -s --max-time 60 -w '\n%{http_code}' -H 'Content-Type: application/json' -X POST --data-binary @- "$BASE$1") \
    || die "POST $1 failed (curl)"
  code="${out##*$'\n'}"
  [[ "$code" == 200 ]] || die "POST $1 answered $code: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}

# field LINE-TAG KEY FILE: KEY's value on the line of FILE starting with LINE-TAG (BENCH_RESULT, BENCH_ERRORS)
field() { sed -n "s/.*[ ]$2=\\([^ ]*\\).*/\\1/p" <<<"$(grep "^$1 " "$3")" | head -n 1; }

# wrk_errors FILE [PREFIX]: " PREFIXkind=n" for each error counter of a wrk run (bench/wrk/gridkv.lua's
# BENCH_ERRORS line) that is not 0, a missing line counting as errors; empty when the run was clean
WRK_ERROR_KINDS=(non200 op_errors connect read write timeout)
wrk_errors() {
  local k n out=""
  for k in "${WRK_ERROR_KINDS[@]}"; do
    n=$(field BENCH_ERRORS "$k" "$1"); n=${n:-?}
    [[ "$n" == 0 ]] || out+=" ${2:-}$k=$n"
  done
  printf '%s' "$out"
}

# redis_csv FILE TEST: "rps p50 p99 max" of TEST (SET, GET...) in redis-benchmark --csv output (Redis >= 7 prints
# percentiles; older ones print none: those fields are then empty); nothing when FILE has no such test
redis_csv() {
  tr -d '"' <"$1" | awk -F, -v t="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == t { printf "%s %s %s %s\n", $2, (col["p50_latency_ms"] ? $col["p50_latency_ms"] : ""),
              (col["p99_latency_ms"] ? $col["p99_latency_ms"] : ""), (col["max_latency_ms"] ? $col["max_latency_ms"] : "") }'
}
redis_csv_has_percentiles() { head -n 1 "$1" | grep -q p50_latency_ms; }

# ---------------------------------------------------------------- node log
# lines that say something went wrong, less the expected warning of a node started without --members
LOG_PROBLEMS='Exception|SEVERE|ERROR|WARN|OutOfMemory'
LOG_EXPECTED='No join method is enabled! Starting standalone'
node_log_problems() { grep -E "$LOG_PROBLEMS" "$NODE_LOG" | grep -vF "$LOG_EXPECTED" || true; }
node_log_findings() { # number of such lines
  local n
  n="$(node_log_problems | wc -l)"
  [[ "$n" =~ ^[0-9]+$ ]] || n=0
  echo "$n"
}

# ---------------------------------------------------------------- facts about the run
run_facts() { # sets DATE STAMP NPROC LOAD_BEFORE JAVA_VERSION NODE_VERSION GIT_REV REDIS_VERSION WRK_VERSION
  DATE="$(date +%F)"
  STAMP="$(date '+%F %T %Z')"
  NPROC="$(nproc)"
  LOAD_BEFORE="$(load_now)"
  JAVA_VERSION="$( (java -version 2>&1 || true) | awk 'NR == 1')"
  NODE_VERSION="$(unzip -p "$GRIDKV_NODE_JAR" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r' | awk -F': ' '$1=="Implementation-Version"{print $2}' || true)"
  GIT_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  REDIS_VERSION="$(redis-server --version | awk '{print $3}' | sed 's/^v=//')"
  WRK_VERSION="$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $2}')"
}
load_now() { uptime | sed 's/^ *//'; }

# results_file NAME: RESULTS_DIR/DATE-NAME.md, or DATE-HHMMSS-NAME.md when that exists already
results_file() {
  local f="$RESULTS_DIR/$DATE-$1.md"
  [[ -e "$f" ]] && f="$RESULTS_DIR/$DATE-$(date +%H%M%S)-$1.md"
  echo "$f"
}

# ---------------------------------------------------------------- numbers and tables
fmt_int() { awk -v x="$1" 'BEGIN{ if (x == "") { print "n/a"; exit } s = sprintf("%.0f", x); n = length(s); o = ""; for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," } print o }'; }
fmt_ms_us() { awk -v x="$1" 'BEGIN{ if (x == "") print "n/a"; else printf "%.2f", x / 1000 }'; }
fmt_ms() { awk -v x="$1" 'BEGIN{ if (x == "") print "n/a"; else printf "%.2f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.3f", a / b }'; }

# HEADER: the column names; ROWS: one string per row, cells separated by '|'
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
  local header r i
  header="$(IFS='|'; echo "${HEADER[*]}")"
  echo "| ${header//|/ | } |"
  echo "|---|$(for ((i = 1; i < ${#HEADER[@]}; i++)); do printf -- '---:|'; done)"
  for r in "${ROWS[@]}"; do echo "| ${r//|/ | } |"; done
}

# ---------------------------------------------------------------- other processes' share of the CPU
# How much of the machine's CPU went to something other than the benchmark between two snapshots: the load
# average can't say (the benchmark's own threads count in it). cpu_snapshot VAR PID... stores "busy total own" in
# VAR — busy and total ticks of the whole machine (/proc/stat; steal counts as busy: CPU the hypervisor gave to
# someone else), own = ticks of the given processes (the node, Redis) plus this shell and every child it has
# waited for (wrk, redis-benchmark, curl...), from `times`. Call it from the main shell, not in $(...): a subshell
# has its own times. cpu_others_pct SNAP_BEFORE SNAP_AFTER prints the others' share in % of all CPUs.
cpu_snapshot() {
  local -n snap_="$1"
  shift
  local busy total own=0 pid t tms="${WORK:-/tmp}/.times.$$"
  read -r busy total < <(awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  for pid in "$@"; do
    [[ -n "$pid" && -r "/proc/$pid/stat" ]] || continue
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    own=$((own + ${t:-0}))
  done
  times >"$tms"
  t=$(awk -v hz="$(getconf CLK_TCK)" '
    function secs(s,  m) { m = s; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", s); sub(/s$/, "", s); return m * 60 + s }
    { ticks += (secs($1) + secs($2)) * hz } END { printf "%.0f", ticks }' "$tms")
  rm -f "$tms"
  snap_="$busy $total $((own + t))"
}
cpu_others_pct() {
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[2] - x[2]
    o = (y[1] - x[1]) - (y[3] - x[3]); if (o < 0) o = 0
    if (t <= 0) print "?"; else printf "%.0f", 100 * o / t }'
}
