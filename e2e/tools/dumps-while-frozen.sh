#!/bin/bash
# Chasing SplitBrainIT's survivor stall (README, "When nodes fail"): run this beside the e2e suite. While any gridkv
# node process is stopped (SIGSTOP, state T) and for 45 s after, it sends SIGQUIT to the running ones every second, so
# each node's log (e2e/target/node-*.log) holds a thread dump per second of the interval that matters: a stalled
# member's dumps show what it waits on. Stop it with Ctrl-C.
#
#   e2e/tools/dumps-while-frozen.sh &
#   mvn -o verify -pl e2e -Dit.test=SplitBrainIT -Dfailsafe.failIfNoSpecifiedTests=false
set -u
last_stop=0
while true; do
  now=$(date +%s)
  pids=$(pgrep -f 'node/target/gridkv-node.jar' || true)
  for p in $pids; do
    [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = "T" ] && last_stop=$now
  done
  if [ "$last_stop" -gt 0 ] && [ $((now - last_stop)) -lt 45 ]; then
    for p in $pids; do
      [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != "T" ] && kill -QUIT "$p" 2>/dev/null
    done
  fi
  sleep 1
done
