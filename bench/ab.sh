#!/usr/bin/env bash
# Two builds side by side: the same hot-wallet sync deposits against jar A, then jar B,
# alternating ROUNDS times, each jar on its own warm embedded data folder (their schemas may
# differ: a newer build migrates its folder); prints each run and both medians.
# Use it to measure one change: build and copy the jar before, then after.
#
#   bench/ab.sh /tmp/before.jar bootstrap/target/wallet-server.jar
#   QUEUE=redis bench/ab.sh before.jar after.jar      # through the local Redis queue
set -euo pipefail
cd "$(dirname "$0")/.."
JAR_A=$1 JAR_B=$2
ROUNDS=${ROUNDS:-3}
source bench/common.sh
one_server_bench
extra=()
[ "${QUEUE:-inprocess}" = redis ] && extra=(WALLET_REDIS_URL="${BENCH_REDIS:-redis://127.0.0.1:6379}")

run() { # label jar
  env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/data-${1%%-*}" WALLET_LOG_LEVEL=WARN \
    WALLET_REDIS_PREFIX="bench-ab-$RANDOM" "${extra[@]}" java -Xmx512m -jar "$2" >> "$work/server.log" 2>&1 &
  local server=$!
  wait_ready "$url"
  export WALLET_ID=$(new_wallet "$url")
  wrk -t2 -c64 -d10s -s bench/deposit.lua "$url/api/v1/wallet" >/dev/null
  echo "$1 round=$round $(wrk -t2 -c64 -d"$DURATION" -s bench/deposit.lua "$url/api/v1/wallet" | grep '^RESULT')" | tee -a "$work/results.txt"
  kill -TERM $server; wait $server 2>/dev/null || true
}

round=0
run A-warm-up "$JAR_A" >/dev/null  # a new data folder first creates its WAL segments
run B-warm-up "$JAR_B" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  run A "$JAR_A"
  run B "$JAR_B"
done
for label in A B; do
  echo "$label: median $(grep "^$label " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/' | median) ops/s ($(grep "^$label " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/' | paste -sd/ -))"
done
