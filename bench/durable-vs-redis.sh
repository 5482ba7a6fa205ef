#!/usr/bin/env bash
# bench/durable-vs-redis.sh — gridkv's durable writes (disk backend, fsynced) beside Redis with
# appendfsync always, on the same machine and the same filesystem.
#
# Run on purpose, never by the test suite. It does NOT build the node: build it first
# (mvn -pl node -am package -DskipTests), or point GRIDKV_NODE_JAR at a built gridkv-node.jar.
#
# What it does:
#   1. installs wrk, redis-server and redis-benchmark from Debian's packages if missing
#      (apt-get install -y wrk redis-server redis-tools; as root), or prints that command and stops;
#   2. makes its work directory under WORK_PARENT and refuses a tmpfs/ramfs there (fsync would cost
#      nothing); prints the filesystem, its device, mount options and write cache, and times 4 KiB
#      O_DSYNC appends there (dd oflag=dsync) to show what one fsync costs on this disk;
#   3. starts one gridkv node (java -Xms1g -Xmx1g -jar $GRIDKV_NODE_JAR, a unique --cluster-name, free
#      ports found at run time, bound to 127.0.0.1, --data-dir in the work directory) and one
#      redis-server (free port, --appendonly yes --appendfsync always --save '', its dir in the work
#      directory), and stops both at exit whatever happens; opens three stores: "bench-disk"
#      {"backend":"disk"} (every set written through to LevelDB and fsynced, with group commit,
#      before it is answered), "bench-nosync" {"backend":"disk","disk":{"noSync":true}} (written
#      through, not fsynced) and "bench-memory" {"backend":"memory"}; pre-loads keys
#      k:0..k:(KEYS-1) into each;
#   4. one WARMUP-second wrk pass over all rows (JIT warm-up); then per row — disk and noSync at
#      CONNECTIONS connections and at 1, memory at CONNECTIONS — gridkv: wrk (bench/wrk/gridkv.lua,
#      single POST /v1/stores/<store>/set, random key) WARMUP seconds (discarded) and DURATION
#      seconds (measured); then Redis right after it, so both see about the same machine load:
#      redis-benchmark -t set --csv at as many clients, with appendfsync always for the disk rows,
#      appendfsync no (AOF written, not fsynced) for noSync's and appendonly no for memory's (set
#      with CONFIG SET and checked), -n sized by calibration runs to last about DURATION seconds;
#   5. prints one table and writes it as Markdown to bench/results/<date>-durable-vs-redis.md.
# Any non-200 answer, socket error or timeout, a store not opened as asked, a Redis not persisting as
# asked, or a failed AOF write makes the run invalid: the row is marked, the details printed, and the
# script exits 1.
#
# Environment knobs (defaults in brackets):
#   GRIDKV_NODE_JAR    node jar, relative paths from the repo root [node/target/gridkv-node.jar]
#   DURATION           seconds of each measured run (wrk; redis-benchmark about as long) [15]
#   WARMUP             seconds of each warm-up wrk run (0: none) [5]
#   CONNECTIONS        the "many" connections: wrk connections and redis-benchmark clients [50]
#   THREADS            wrk threads at CONNECTIONS (1 for the 1-connection rows) [2]
#   KEYS               keys k:0..k:(KEYS-1) written at random [10000]
#   VALUE_BYTES        redis-benchmark -d: value size; gridkv's JSON value is ~29 bytes [30]
#   REDIS_REQUESTS     redis-benchmark -n for every Redis row, or auto: calibrated to last DURATION s [auto]
#   WORK_PARENT        where the work directory (node data dir, Redis dir) is made; must not be
#                      tmpfs [<repo>/target/bench]
#   ALLOW_TMPFS        1: run on tmpfs/ramfs anyway (the results say so) [0]
#   FSYNC_PROBE        4 KiB O_DSYNC writes timed with dd before the run (0: skip) [200]
#   WRK_TIMEOUT        wrk's per-request timeout; a timeout invalidates the run [5s]
#   START_TIMEOUT      seconds to wait for the node, then for Redis, to answer [90]
#   RESULTS_DIR        where the Markdown table goes [bench/results]
#
# Usage: bench/durable-vs-redis.sh [--help]
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
KEYS="${KEYS:-10000}"
VALUE_BYTES="${VALUE_BYTES:-30}"
REDIS_REQUESTS="${REDIS_REQUESTS:-auto}"
WORK_PARENT="${WORK_PARENT:-$REPO_ROOT/target/bench}"
ALLOW_TMPFS="${ALLOW_TMPFS:-0}"
FSYNC_PROBE="${FSYNC_PROBE:-200}"
WRK_TIMEOUT="${WRK_TIMEOUT:-5s}"
START_TIMEOUT="${START_TIMEOUT:-90}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
LUA="$BENCH_DIR/wrk/gridkv.lua"

whole_numbers DURATION WARMUP CONNECTIONS THREADS KEYS VALUE_BYTES FSYNC_PROBE START_TIMEOUT
[[ "$REDIS_REQUESTS" == auto ]] || whole_numbers REDIS_REQUESTS
(( DURATION >= 1 )) || die "DURATION must be at least 1"
(( CONNECTIONS >= 2 )) || die "CONNECTIONS must be at least 2 (the 1-connection rows are run anyway)"
(( THREADS >= 1 && THREADS <= CONNECTIONS )) || die "THREADS ($THREADS) must be 1..CONNECTIONS ($CONNECTIONS)"

# ---------------------------------------------------------------- tools
ensure_tools
for t in df dd findmnt; do command -v "$t" >/dev/null || die "missing '$t' (coreutils, util-linux)"; done

# ---------------------------------------------------------------- the work directory: a real disk
mkdir -p "$WORK_PARENT"
WORK="$(mktemp -d "$WORK_PARENT/gridkv-durable.XXXXXX")"
NODE_LOG="$WORK/node.log"
REDIS_LOG="$WORK/redis.log"
DATA_DIR="$WORK/data"
REDIS_DIR="$WORK/redis"
install_cleanup

# FS_TYPE FS_SOURCE FS_MOUNT FS_OPTIONS FS_WRITE_CACHE of the filesystem holding $WORK
read -r FS_SOURCE FS_TYPE FS_MOUNT <<<"$(df -PT "$WORK" | awk 'NR == 2 {print $1, $2, $7}')"
FS_OPTIONS="$(findmnt -no OPTIONS -T "$WORK" 2>/dev/null | head -n 1 || true)"
FS_WRITE_CACHE="unknown"
if [[ "$FS_SOURCE" == /dev/* ]]; then
  dev="$(lsblk -no PKNAME "$FS_SOURCE" 2>/dev/null | head -n 1 || true)"
  [[ -n "$dev" ]] || dev="$(basename "$FS_SOURCE")"
  if [[ -r "/sys/block/$dev/queue/write_cache" ]]; then
    FS_WRITE_CACHE="$(cat "/sys/block/$dev/queue/write_cache") ($dev, rotational=$(cat "/sys/block/$dev/queue/rotational" 2>/dev/null || echo '?'))"
  fi
fi
FS_DESC="$FS_TYPE on $FS_SOURCE (mounted on $FS_MOUNT, ${FS_OPTIONS:-options unknown}; device write cache: $FS_WRITE_CACHE)"
ON_TMPFS=0
case "$FS_TYPE" in
  tmpfs|ramfs)
    ON_TMPFS=1
    (( ALLOW_TMPFS )) || die "$WORK_PARENT is on $FS_TYPE: fsync costs nothing there, so the comparison would be meaningless. Set WORK_PARENT to a directory on a disk (or ALLOW_TMPFS=1)"
    ;;
esac

# how long one fsynced 4 KiB append takes here (what a lone durable write pays, at least)
FSYNC_MS=""
if (( FSYNC_PROBE > 0 )); then
  secs=$(LC_ALL=C dd if=/dev/zero of="$WORK/fsync-probe" bs=4k count="$FSYNC_PROBE" oflag=dsync 2>&1 \
    | awk '/copied/ { for (i = 1; i <= NF; i++) if ($i ~ /^s,?$/) { print $(i - 1); exit } }') || true
  rm -f "$WORK/fsync-probe"
  [[ -n "$secs" ]] && FSYNC_MS=$(awk -v s="$secs" -v n="$FSYNC_PROBE" 'BEGIN{printf "%.3f", s * 1000 / n}')
fi

# ---------------------------------------------------------------- rows
# id -> store, open body, connections, wrk threads, what the store does, Redis's counterpart
ROW_IDS=("disk:$CONNECTIONS" "disk:1" "nosync:$CONNECTIONS" "nosync:1" "memory:$CONNECTIONS")
declare -A STORE_OF=([disk]=bench-disk [nosync]=bench-nosync [memory]=bench-memory)
declare -A OPEN_OF=(
  [disk]='{"backend":"disk","serialization":"json","trackKeys":false}'
  [nosync]='{"backend":"disk","serialization":"json","trackKeys":false,"disk":{"noSync":true}}'
  [memory]='{"backend":"memory","serialization":"json","trackKeys":false}'
)
declare -A KIND_LABEL=([disk]="disk (fsync)" [nosync]="disk, noSync" [memory]="memory")
declare -A REDIS_MODE_OF=([disk]=always [nosync]=no [memory]=off)
declare -A REDIS_LABEL=([always]="AOF, appendfsync always" [no]="AOF, appendfsync no" [off]="no AOF")
kind_of() { echo "${1%%:*}"; }
conns_of() { echo "${1##*:}"; }

# ---------------------------------------------------------------- gridkv
open_store() { # kind
  local kind="$1" store="${STORE_OF[$1]}" out backend
  out=$(post "/v1/stores/$store/open" "${OPEN_OF[$kind]}")
  backend=$( [[ "$kind" == memory ]] && echo memory || echo disk )
  [[ "$out" == *"\"backend\":\"$backend\""* ]] || die "open $store answered $out (expected backend $backend)"
  # the store's options are locked in: opening it with the other disk.noSync must be refused
  if [[ "$kind" != memory ]]; then
    local other code
    if [[ "$kind" == disk ]]; then other=true; else other=false; fi
    code=$(curl -s -o "$WORK/conflict.json" -w '%{http_code}' --max-time 30 -H 'Content-Type: application/json' -X POST \
      --data-binary "{\"backend\":\"disk\",\"serialization\":\"json\",\"trackKeys\":false,\"disk\":{\"noSync\":$other}}" \
      "$BASE/v1/stores/$store/open" || true)
    [[ "$code" == 409 ]] || die "re-opening $store with disk.noSync=$other answered $code ($(cat "$WORK/conflict.json" 2>/dev/null)), not 409: is it locked in as asked?"
  fi
  log "opened $store: ${OPEN_OF[$kind]}"
}

preload() { # kind: keys k:0..k:(KEYS-1) with the values wrk writes
  local store="${STORE_OF[$1]}" from to body out chunk=1000
  for ((from = 0; from < KEYS; from += chunk)); do
    to=$((from + chunk < KEYS ? from + chunk : KEYS))
    body=$(awk -v a="$from" -v b="$to" 'BEGIN{printf "{\"ops\":["; for(i=a;i<b;i++){printf "%s{\"op\":\"set\",\"key\":\"k:%d\",\"value\":{\"n\":%d,\"s\":\"gridkv-bench\"}}", (i>a?",":""), i, i}; printf "]}"}')
    out=$(post "/v1/stores/$store/batch" "$body")
    [[ "$out" != *'"error"'* ]] || die "pre-load of $store failed: ${out:0:300}"
  done
  out=$(curl -s --max-time 10 "$BASE/v1/stats")
  grep -qE "\"store\":\"$store\"[^}]*\"keys\":${KEYS}[,}]" <<<"$out" || die "after pre-load /v1/stats shows: $out"
  log "pre-loaded $KEYS keys into $store"
}

run_wrk() { # row seconds outfile
  local row="$1" secs="$2" out="$3" c t
  c=$(conns_of "$row"); t=$THREADS; (( c < t )) && t=$c
  wrk -t "$t" -c "$c" -d "${secs}s" --timeout "$WRK_TIMEOUT" --latency -s "$LUA" "$BASE" \
    -- set 1 "${STORE_OF[$(kind_of "$row")]}" "$KEYS" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed for $row"; }
}
row_label() { echo "${KIND_LABEL[$(kind_of "$1")]}, $(conns_of "$1") conn."; }

# ---------------------------------------------------------------- the run
run_facts

echo "gridkv durable writes vs Redis AOF — $STAMP"
echo "nproc: $NPROC; load before the run: $LOAD_BEFORE"
echo "WARNING: nothing is pinned to CPUs: wrk, redis-benchmark, Redis and the node share these $NPROC cores"
echo "         (and whatever else runs on the machine), so the load generator competes with the server."
echo "jar: $GRIDKV_NODE_JAR (${NODE_VERSION:-version unknown}; repo HEAD at run time: $GIT_REV)"
echo "work directory (node --data-dir, Redis --dir): $WORK"
echo "filesystem: $FS_DESC"
(( ON_TMPFS )) && echo "WARNING: that is $FS_TYPE (ALLOW_TMPFS=1): fsync costs nothing, the durable rows measure nothing durable"
if [[ -n "$FSYNC_MS" ]]; then
  echo "fsync probe: $FSYNC_PROBE × 4 KiB O_DSYNC appends (dd oflag=dsync) took $FSYNC_MS ms each"
fi
echo "wrk: -t $THREADS -c $CONNECTIONS and -t 1 -c 1, warm-up ${WARMUP}s + ${DURATION}s per row; single set, random key of $KEYS"

start_node "$DATA_DIR"
start_redis "$REDIS_DIR" --appendonly yes --appendfsync always --save ''
for kind in disk nosync memory; do open_store "$kind"; done
for kind in disk nosync memory; do preload "$kind"; done

declare -A RPS P50 P99 MAXL NOTE VALID OTHERS
declare -A R_OPS R_P50 R_P99 R_MAX R_N
INVALID=0

gridkv_row() { # row: warm-up, measured run, checks
  local row="$1" lbl out errs
  lbl="$(row_label "$row")"
  out="$WORK/wrk-${row/:/-}.txt"
  rm -f "$WORK/warmup.txt"
  if (( WARMUP > 0 )); then
    log "gridkv $lbl: warm-up ${WARMUP}s"
    run_wrk "$row" "$WARMUP" "$WORK/warmup.txt"
  fi
  log "gridkv $lbl: ${DURATION}s"
  run_wrk "$row" "$DURATION" "$out"
  sed -n '/^Running/,/^BENCH_RESULT/p' "$out" | grep -v '^BENCH_' | sed 's/^/    /'
  RPS[$row]=$(field BENCH_RESULT rps "$out")
  P50[$row]=$(field BENCH_RESULT p50_us "$out")
  P99[$row]=$(field BENCH_RESULT p99_us "$out")
  MAXL[$row]=$(field BENCH_RESULT max_us "$out")
  errs="$(wrk_errors "$out")"
  if (( WARMUP > 0 )); then errs+="$(wrk_errors "$WORK/warmup.txt" warm-up:)"; fi
  if [[ -n "$errs" ]]; then
    VALID[$row]=no
    INVALID=1
    echo "!!!! INVALID: $lbl:$errs" >&2
    grep -hE '^BENCH_(STATUS|SAMPLE)' "$out" "$WORK/warmup.txt" 2>/dev/null | sed 's/^/!!!!   /' >&2 || true
    NOTE[$row]+="INVALID:$errs; "
  else
    VALID[$row]=yes
  fi
  kill -0 "$NODE_PID" 2>/dev/null || die "the node died during $lbl; log: $(tail -n 20 "$NODE_LOG")"
}

redis_bench() { # clients requests outfile
  redis-benchmark -p "$REDIS_PORT" -c "$1" -n "$2" -r "$KEYS" -d "$VALUE_BYTES" -t set --csv >"$3" 2>&1 \
    || { cat "$3" >&2; die "redis-benchmark -c $1 -n $2 failed"; }
}
REDIS_MODE=""
redis_mode() { # always | no | off: sets it and checks that Redis says so
  local want_aof=1 fsync
  [[ "$REDIS_MODE" == "$1" ]] && return 0
  case "$1" in
    always|no) redis-cli -p "$REDIS_PORT" config set appendfsync "$1" >/dev/null ;;
    off) redis-cli -p "$REDIS_PORT" config set appendonly no >/dev/null; want_aof=0 ;;
  esac
  fsync="$(redis_config appendfsync)"
  [[ "$(redis_info persistence aof_enabled)" == "$want_aof" ]] || die "Redis: aof_enabled is not $want_aof after setting $1"
  (( want_aof == 0 )) || [[ "$fsync" == "$1" ]] || die "Redis: appendfsync is '$fsync', not '$1'"
  log "Redis persistence: ${REDIS_LABEL[$1]} (aof_enabled=$want_aof, appendfsync=$fsync, save='$(redis_config save)')"
  REDIS_MODE="$1"
}
redis_row() { # row: calibration (= warm-up), measured run, checks
  local row="$1" c n rps p50 p99 max out="$WORK/redis-${1/:/-}.csv" tries mode rewrites st
  c=$(conns_of "$row")
  mode="${REDIS_MODE_OF[$(kind_of "$row")]}"
  redis_mode "$mode"
  if [[ "$REDIS_REQUESTS" == auto ]]; then
    # calibration (and warm-up): until a run lasts a second, then size -n for DURATION seconds
    n=$(( c == 1 ? 300 : 2000 ))
    for ((tries = 0; tries < 6; tries++)); do
      redis_bench "$c" "$n" "$WORK/redis-cal.csv"
      read -r rps _ <<<"$(redis_csv "$WORK/redis-cal.csv" SET)" || true
      [[ -n "$rps" ]] || { cat "$WORK/redis-cal.csv" >&2; die "no SET line from redis-benchmark"; }
      awk -v n="$n" -v r="$rps" 'BEGIN{exit !(n / r >= 1)}' && break
      n=$((n * 5))
    done
    n=$(awk -v r="$rps" -v d="$DURATION" 'BEGIN{n = int(r * d); print (n < 1000 ? 1000 : n)}')
  else
    n="$REDIS_REQUESTS"
  fi
  rewrites="$(redis_info persistence aof_rewrites)"
  log "Redis $(conns_of "$row") conn.: redis-benchmark -p $REDIS_PORT -c $c -n $n -r $KEYS -d $VALUE_BYTES -t set --csv (${REDIS_LABEL[$mode]})"
  redis_bench "$c" "$n" "$out"
  sed 's/^/    /' "$out"
  read -r rps p50 p99 max <<<"$(redis_csv "$out" SET)" || true
  R_OPS[$row]=$rps; R_P50[$row]=$p50; R_P99[$row]=$p99; R_MAX[$row]=$max
  R_N[$row]=$n
  redis_csv_has_percentiles "$out" || echo "    (this redis-benchmark prints no percentiles in --csv: Redis p50/p99 not available)"
  if [[ "$(redis_info persistence aof_rewrites)" != "$rewrites" ]]; then
    NOTE[$row]+="Redis rewrote its AOF (a forked child) during this row; "
  fi
  if [[ "$mode" != off ]]; then
    st="$(redis_info persistence aof_last_write_status)"
    if [[ "$st" != ok ]]; then
      INVALID=1
      NOTE[$row]+="INVALID: Redis aof_last_write_status=$st; "
    fi
  fi
  kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server died during $(row_label "$row"); log: $(tail -n 20 "$REDIS_LOG")"
}

# One JVM warm-up pass over every row first (so that the first row is not measured against a cold JVM).
if (( WARMUP > 0 )); then
  for row in "${ROW_IDS[@]}"; do
    log "JVM warm-up: $(row_label "$row") ${WARMUP}s"
    run_wrk "$row" "$WARMUP" "$WORK/jit-warmup.txt"
    if [[ -n "$(wrk_errors "$WORK/jit-warmup.txt")" ]]; then
      echo "!!!! the warm-up of $(row_label "$row") got errors:" >&2
      grep '^BENCH_' "$WORK/jit-warmup.txt" | sed 's/^/!!!!   /' >&2
      die "the node answers errors: not benchmarking"
    fi
  done
fi

# Per row, gridkv then Redis right after it, so that both sides of a row see about the same machine load (the
# other one idles meanwhile).
# Per row, also the share of the CPU that other processes took meanwhile.
cpu_snapshot RUN_START "$NODE_PID" "$REDIS_PID"
for row in "${ROW_IDS[@]}"; do
  cpu_snapshot ROW_START "$NODE_PID" "$REDIS_PID"
  gridkv_row "$row"
  redis_row "$row"
  cpu_snapshot ROW_END "$NODE_PID" "$REDIS_PID"
  OTHERS[$row]="$(cpu_others_pct "$ROW_START" "$ROW_END")"
  log "other processes took ${OTHERS[$row]}% of the CPU during this row"
done
OTHERS_RUN="$(cpu_others_pct "$RUN_START" "$ROW_END")"

# the disk stores' files, and none for the memory store
DISK_NOTES=()
for kind in disk nosync; do
  dir="$DATA_DIR/disk/${STORE_OF[$kind]}"
  if [[ -d "$dir" ]] && compgen -G "$dir/*.log" >/dev/null; then
    DISK_NOTES+=("${STORE_OF[$kind]}: LevelDB $(cat "$dir/GRIDKV-ENGINE" 2>/dev/null || echo '(engine unknown)'), $(du -sk "$dir" | awk '{print $1}') KiB in $dir")
  else
    INVALID=1
    DISK_NOTES+=("INVALID: ${STORE_OF[$kind]} has no LevelDB files in $dir")
  fi
done
if [[ -e "$DATA_DIR/disk/${STORE_OF[memory]}" ]]; then
  DISK_NOTES+=("note: the memory store has files in $DATA_DIR/disk/${STORE_OF[memory]}")
fi
DISK_NOTES+=("Redis AOF: $(du -sk "$REDIS_DIR" | awk '{print $1}') KiB in $REDIS_DIR at the end; aof_rewrites=$(redis_info persistence aof_rewrites), aof_last_write_status=$(redis_info persistence aof_last_write_status)")
log "stopping the node and Redis"
stop_node
stop_redis
LOG_FINDINGS="$(node_log_findings)"

# ---------------------------------------------------------------- table
HEADER=("operation" "conns" "gridkv store" "gridkv ops/s" "p50 ms" "p99 ms" "max ms" "Redis persistence" "Redis ops/s" "Redis p50 ms" "Redis p99 ms" "Redis max ms" "gridkv / Redis" "others' CPU")
ROWS=()
for row in "${ROW_IDS[@]}"; do
  kind=$(kind_of "$row")
  name="set"
  [[ "${VALID[$row]}" == yes ]] || name="set (INVALID)"
  ROWS+=("$name|$(conns_of "$row")|${KIND_LABEL[$kind]}|$(fmt_int "${RPS[$row]}")|$(fmt_ms_us "${P50[$row]}")|$(fmt_ms_us "${P99[$row]}")|$(fmt_ms_us "${MAXL[$row]}")|${REDIS_LABEL[${REDIS_MODE_OF[$kind]}]}|$(fmt_int "${R_OPS[$row]:-}")|$(fmt_ms "${R_P50[$row]:-}")|$(fmt_ms "${R_P99[$row]:-}")|$(fmt_ms "${R_MAX[$row]:-}")|$(ratio "${RPS[$row]}" "${R_OPS[$row]:-}")|${OTHERS[$row]:-?}%")
done

REDIS_N_NOTE=""
for row in "${ROW_IDS[@]}"; do REDIS_N_NOTE+="${REDIS_N_NOTE:+, }${R_N[$row]} ($(row_label "$row"))"; done
LOAD_AFTER="$(load_now)"
echo
echo "gridkv durable set (1 node, wrk) vs Redis $REDIS_VERSION AOF (redis-benchmark -t set); files on $FS_TYPE ($FS_SOURCE); nproc $NPROC, shared by all"
print_table
for n in "${DISK_NOTES[@]}"; do echo "  $n"; done
for row in "${ROW_IDS[@]}"; do if [[ -n "${NOTE[$row]:-}" ]]; then echo "  $(row_label "$row"): ${NOTE[$row]%; }"; fi; done
echo "  others' CPU: share of the machine's CPU that other processes (or the hypervisor) took during the row; whole run: $OTHERS_RUN%"
[[ -n "$FSYNC_MS" ]] && echo "  fsync probe: 4 KiB O_DSYNC append = $FSYNC_MS ms"
echo "load after the run: $LOAD_AFTER"

mkdir -p "$RESULTS_DIR"
RESULT_MD="$(results_file durable-vs-redis)"
if (( LOG_FINDINGS > 0 )); then
  KEEP_NODE_LOG="${RESULT_MD%-durable-vs-redis.md}-durable-node.log"
  echo "the node's log has $LOG_FINDINGS line(s) with Exception/SEVERE/ERROR/WARN; it is kept as $KEEP_NODE_LOG:"
  node_log_problems | sort | uniq -c | sort -rn | head -n 10 | sed 's/^/    /'
fi
{
  echo "# gridkv durable writes vs Redis AOF — $STAMP"
  echo
  echo "\`bench/durable-vs-redis.sh\`: one gridkv node (\`java -Xms1g -Xmx1g -jar\`, ${NODE_VERSION:-?}, repo HEAD at run time \`$GIT_REV\`)"
  echo "driven by wrk $WRK_VERSION (single \`POST /v1/stores/<store>/set\`, random key among $KEYS, value \`{\"n\":…,\"s\":\"gridkv-bench\"}\`;"
  echo "\`-t $THREADS -c $CONNECTIONS\` and \`-t 1 -c 1\`, ${WARMUP} s warm-up then ${DURATION} s per row), beside Redis $REDIS_VERSION"
  echo "(\`redis-benchmark -t set -r $KEYS -d $VALUE_BYTES -c $CONNECTIONS\` / \`-c 1\`, \`-n\` sized for about ${DURATION} s;"
  echo "started with \`--appendonly yes --appendfsync always --save ''\`, then \`CONFIG SET appendfsync no\`, then \`appendonly no\`)."
  echo "gridkv stores: \`{\"backend\":\"disk\"}\` (each set written through to LevelDB and fsynced, group commit, before the"
  echo "answer), \`{\"backend\":\"disk\",\"disk\":{\"noSync\":true}}\` (written through, not fsynced), \`{\"backend\":\"memory\"}\`."
  echo "A single node, so no backups. Latencies: wrk's per request; Redis's per command from \`--csv\`."
  echo
  echo "- files (node \`--data-dir\` and Redis \`--dir\`): $FS_DESC"
  (( ON_TMPFS )) && echo "- **tmpfs/ramfs (ALLOW_TMPFS=1): fsync costs nothing here; the durable rows are not durable**"
  [[ -n "$FSYNC_MS" ]] && echo "- fsync probe: $FSYNC_PROBE × 4 KiB O_DSYNC appends (\`dd oflag=dsync\`) on that filesystem: $FSYNC_MS ms each"
  echo "- machine: $NPROC cores (\`nproc\`), **shared** by wrk, redis-benchmark, Redis, the node and anything else running; nothing pinned"
  echo "- load before the run: \`$LOAD_BEFORE\`"
  echo "- load after the run: \`$LOAD_AFTER\`"
  echo "- $JAVA_VERSION"
  echo
  markdown_table
  echo
  echo "- others' CPU: the share of the machine's CPU (all $NPROC cores) that processes other than the benchmark's — or the hypervisor (steal) — took while the row ran, gridkv then Redis; $OTHERS_RUN% over all measured rows"
  for n in "${DISK_NOTES[@]}"; do echo "- $n"; done
  echo "- redis-benchmark \`-n\`: $REDIS_N_NOTE"
  for row in "${ROW_IDS[@]}"; do if [[ -n "${NOTE[$row]:-}" ]]; then echo "- $(row_label "$row"): ${NOTE[$row]%; }"; fi; done
  if (( LOG_FINDINGS > 0 )); then
    echo "- node log: $LOG_FINDINGS line(s) with Exception/SEVERE/ERROR/WARN, kept as \`$(basename "$KEEP_NODE_LOG")\`"
  else
    echo "- node log: no exception, error or warning"
  fi
  if (( INVALID )); then echo "- **INVALID RUN**: see the rows marked INVALID and the notes above"; fi
} >"$RESULT_MD"
echo "written: $RESULT_MD"

if (( INVALID )); then
  echo "!!!! the benchmark saw errors: its numbers are not valid (see the INVALID rows and notes above)" >&2
  exit 1
fi
