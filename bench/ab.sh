#!/usr/bin/env bash
# Two builds side by side, both warm: jar A and jar B run at once (each on its own port and its own
# embedded data folder: their schemas may differ, a newer build migrates its folder), each is
# warmed up alone (WARMUP, 60 s: long enough for the JIT to settle, so the rounds measure steady
# state, not compilation), then the same hot-wallet sync deposits go to each in turn, ROUNDS times,
# A first in odd rounds and B first in even ones (the idle one waits). Prints each run, both
# medians and their ratio, and the ratio of each round's pair (B against A) with its median.
# Use it to measure one change: build and copy the jar before, then after.
#
#   bench/ab.sh /tmp/before.jar bootstrap/target/wallet-server.jar
#   QUEUE=redis bench/ab.sh before.jar after.jar      # through the local Redis queue
#   ENV_A=WALLET_PIPELINE_COMMITS=false bench/ab.sh jar jar   # one build, two settings (space-separated NAME=value)
#   SPREAD=1 bench/ab.sh before.jar after.jar         # deposits spread over 10,000 wallets, not one hot wallet
set -euo pipefail
cd "$(dirname "$0")/.."
JAR_A=$1 JAR_B=$2
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-60s}
source bench/common.sh
one_server_bench
extra=()
[ "${QUEUE:-inprocess}" = redis ] && extra=(WALLET_REDIS_URL="${BENCH_REDIS:-redis://127.0.0.1:6379}")

declare -A urls wallets settings=([A]="${ENV_A:-}" [B]="${ENV_B:-}")
start() { # label jar port
  local own=()
  read -ra own <<< "${settings[$1]}"
  env "${own[@]}" WALLET_HTTP_PORT=$3 WALLET_EMBEDDED_DATA_DIR="$work/data-$1" WALLET_LOG_LEVEL=WARN \
    WALLET_REDIS_PREFIX="bench-ab-$1-$RANDOM" "${extra[@]}" java -Xmx512m -jar "$2" >> "$work/server-$1.log" 2>&1 &
  urls[$1]="http://localhost:$3"
  wait_ready "${urls[$1]}"
  wallets[$1]=$(new_wallet "${urls[$1]}")
  if [ "${SPREAD:-0}" = 1 ]; then
    [ -f "$work/wallets.txt" ] || for _ in $(seq 1 10000); do cat /proc/sys/kernel/random/uuid; done > "$work/wallets.txt"
    echo "$1: created $(python3 bench/create_wallets.py "${urls[$1]}" "$work/wallets.txt") of 10000 wallets"
  fi
  # Alone on the machine: a new data folder creates its WAL segments, the JIT compiles the hot path.
  load "$1" "$WARMUP" >/dev/null
}
load() { # label duration
  if [ "${SPREAD:-0}" = 1 ]; then
    WALLETS_FILE="$work/wallets.txt" wrk -t2 -c64 -d"$2" -s bench/wallets.lua "${urls[$1]}/api/v1/wallet"
  else
    WALLET_ID=${wallets[$1]} wrk -t2 -c64 -d"$2" -s bench/deposit.lua "${urls[$1]}/api/v1/wallet"
  fi
}
run() { # label
  echo "$1 round=$round $(load "$1" "$DURATION" | grep '^RESULT')" | tee -a "$work/results.txt"
}

round=0
start A "$JAR_A" "$PORT"
start B "$JAR_B" "$((PORT + 1))"
# Alternate which runs first: with A always first, one jar against a copy of itself measured
# B / A = 1.07 (per-round median), the order alone worth a few per cent.
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then run A; run B; else run B; run A; fi
done
for label in A B; do
  echo "$label: median $(grep "^$label " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/' | median) ops/s ($(grep "^$label " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/' | paste -sd/ -))"
done
a=$(grep "^A " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/' | median)
b=$(grep "^B " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/' | median)
echo "B / A = $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", b / a}') (medians)"
# Each round's B against its A: the machine drifts between rounds, a pair a minute apart less.
paired=$(paste <(grep "^A " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/') <(grep "^B " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/') \
  | awk '{printf "%.2f\n", $2 / $1}')
echo "B / A per round: $(echo "$paired" | paste -sd/ -), median $(echo "$paired" | median)"
