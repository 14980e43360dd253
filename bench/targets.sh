#!/usr/bin/env bash
# Measures every throughput target of the performance issues side by side, ROUNDS times, on the
# embedded default (one embedded PostgreSQL data folder for all scenarios, kept warm) and the
# local Redis, then prints each run, a table of medians and the ratios the targets are set in:
# each scenario against the HTTP floor (GET /health/live, measured in every round), batching
# against the naive baseline, a new server's first 15 s against the same server warm, Redis
# against in-process, keyed against unkeyed (in both orders: unkeyed, keyed, keyed, unkeyed).
#
#   bench/targets.sh                  # ROUNDS=3 DURATION=15s WARM=40s (about 50 minutes)
#   ROUNDS=5 DURATION=20s bench/targets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
WARM=${WARM:-40s}
REDIS_URL=${BENCH_REDIS:-redis://127.0.0.1:6379}
source bench/common.sh
one_server_bench
results="$work/results.txt"

start() { # heap, then extra env assignments
  local heap=$1; shift
  env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/data" WALLET_LOG_LEVEL=WARN WALLET_QUEUE_CAPACITY=5000000 "$@" \
    java "$heap" -jar bootstrap/target/wallet-server.jar >> "$work/server.log" 2>&1 &
  server=$!
  wait_ready "$url"
  export WALLET_ID=$(new_wallet "$url")
}
stop() { kill -TERM "$server"; wait "$server" 2>/dev/null || true; }
# WARM: the load before each measured run (JIT, pool, WAL). Each server but the first is new, and on
# a slow 2-core machine its JIT needs most of a minute: 10 s there made -Xmx256m look 0.58x.
load() { # label, then wrk arguments: the warm-up, then the measured run
  local label=$1; shift
  wrk -t2 -d"$WARM" "$@" >/dev/null
  echo "$label round=$round $(wrk -t2 -d"$DURATION" "$@" | grep '^RESULT')" | tee -a "$results"
}
measure() { # label, then wrk arguments: a measured run on a server that is warm already
  local label=$1; shift
  echo "$label round=$round $(wrk -t2 -d"$DURATION" "$@" | grep '^RESULT')" | tee -a "$results"
}
cold() { # label, then extra env assignments: a new server on a new data folder, its first 15 s
  env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/cold-$round" WALLET_LOG_LEVEL=WARN "${@:2}" \
    java -Xmx512m -jar bootstrap/target/wallet-server.jar >> "$work/server.log" 2>&1 &
  server=$!
  wait_ready "$url"
  export WALLET_ID=$(new_wallet "$url")
  echo "$1 round=$round $(wrk -t2 -c64 -d15s -s bench/deposit.lua "$url/api/v1/wallet" | grep '^RESULT')" | tee -a "$results"
  stop
  rm -rf "$work/cold-$round"
}
# Waits until every queued operation is committed (wallet_queue_depth is 0 on all shards).
drain() {
  local began=$SECONDS
  until curl -sf "$url/metrics" | awk '/^wallet_queue_depth/ {d += $2} END {exit d > 0}'; do sleep 0.5; done
  echo "$1 round=$round drained_s=$((SECONDS - began))" | tee -a "$results"
}

for round in $(seq 1 "$ROUNDS"); do
  # Cold: a new server on a new data folder, its first 15 s once ready, as a user's first load test
  # sees it: as it comes (the self warm-up until the JIT settles, at most 30 s), then without it.
  cold hot-sync-cold
  cold hot-sync-cold-nowarmup WALLET_WARMUP_SECONDS=0
  # The embedded default with the production heap: the floor, one hot wallet, then the other targets.
  start -Xmx512m
  if [ "$round" = 1 ]; then
    # A new data folder creates and zero-fills its WAL segments first, which halves throughput.
    wrk -t2 -c64 -d30s -s bench/deposit.lua "$url/api/v1/wallet" >/dev/null
    for _ in $(seq 1 10000); do cat /proc/sys/kernel/random/uuid; done > "$work/wallets.txt"
    created=$(python3 bench/create_wallets.py "$url" "$work/wallets.txt")
    echo "wallets created for spread-10k: $created"
  fi
  load floor -c64 -s bench/floor.lua "$url"
  load hot-sync -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  PREFER_ASYNC=1 load hot-async -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  drain hot-async-backlog
  load get-balance -c64 -s bench/balance.lua "$url"
  PAUSE_MS=8 load paced-1000 -c10 -s bench/paced.lua "$url/api/v1/wallet"
  WALLETS_FILE="$work/wallets.txt" load spread-10k -c64 -s bench/wallets.lua "$url/api/v1/wallet"
  stop
  start -Xmx256m
  load hot-sync-xmx256m -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  stop
  start -Xmx512m WALLET_REDIS_URL="$REDIS_URL" WALLET_REDIS_PREFIX="bench-targets-$RANDOM"
  # The same history as the in-process server's before its hot-wallet run (the floor, then the hot
  # wallet's warm-up), so that Redis against in-process compares two servers equally warm.
  load floor-redis -c64 -s bench/floor.lua "$url"
  load hot-sync-redis -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  KEYED=1 load hot-sync-redis-keyed -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  # Then keyed and unkeyed once more, in the other order (unkeyed, keyed, keyed, unkeyed), both warm
  # by now: so that keyed does not always run second, on a server that has taken more load.
  KEYED=1 measure hot-sync-redis-keyed -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  measure hot-sync-redis-again -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  stop
  # The naive baseline: batching off, one transaction per operation.
  start -Xmx512m WALLET_BATCH_SIZE=1
  load hot-sync-naive -c64 -s bench/deposit.lua "$url/api/v1/wallet"
  stop
done

echo
echo "| scenario | ops/s (median of $ROUNDS) | runs | p50 ms | p99 ms |"
echo "|---|---|---|---|---|"
for label in floor floor-redis hot-sync hot-sync-cold hot-sync-cold-nowarmup hot-sync-naive hot-sync-redis hot-sync-redis-keyed hot-sync-redis-again hot-async get-balance spread-10k paced-1000 hot-sync-xmx256m; do
  rows=$(grep "^$label round=" "$results")
  runs=$(echo "$rows" | sed 's/.*rps=\([0-9]*\).*/\1/' | paste -sd/ -)
  echo "| $label | $(echo "$rows" | sed 's/.*rps=\([0-9]*\).*/\1/' | median) | $runs | $(echo "$rows" | sed 's/.*p50_ms=\([0-9.]*\).*/\1/' | median) | $(echo "$rows" | sed 's/.*p99_ms=\([0-9.]*\).*/\1/' | median) |"
done
echo "| hot-async backlog drained in (s) | $(grep '^hot-async-backlog' "$results" | sed 's/.*drained_s=//' | median) | $(grep '^hot-async-backlog' "$results" | sed 's/.*drained_s=//' | paste -sd/ -) | | |"
med() { grep "^$1 round=" "$results" | sed 's/.*rps=\([0-9]*\).*/\1/' | median; }
ratio() { awk -v a="$(med "$1")" -v b="$(med "$2")" 'BEGIN {printf "%.2f", a / b}'; }
echo
echo "| ratio (medians of this run) | measured | target |"
echo "|---|---|---|"
echo "| hot wallet, sync / floor | $(ratio hot-sync floor) | >= 0.40 |"
echo "| hot wallet, sync / naive baseline | $(ratio hot-sync hot-sync-naive) | >= 15 |"
echo "| GET balance / floor | $(ratio get-balance floor) | >= 0.70 |"
echo "| 10,000 wallets / hot wallet | $(ratio spread-10k hot-sync) | >= 1 |"
echo "| first 15 s of a new server (as it comes: self warm-up) / warm | $(ratio hot-sync-cold hot-sync) | >= 0.80 |"
echo "| the same without the warm-up (WALLET_WARMUP_SECONDS=0) / warm | $(ratio hot-sync-cold-nowarmup hot-sync) | |"
echo "| Redis / in-process (hot wallet, sync) | $(ratio hot-sync-redis hot-sync) | >= 0.75 |"
# Unkeyed: both its runs (the first, and the one after the keyed pair); keyed: both of its.
unkeyed=$(grep -E "^hot-sync-redis(-again)? round=" "$results" | sed 's/.*rps=\([0-9]*\).*/\1/' | median)
echo "| Redis keyed / unkeyed (both orders) | $(awk -v a="$(med hot-sync-redis-keyed)" -v b="$unkeyed" 'BEGIN {printf "%.2f", a / b}') | >= 0.90 |"
echo "| -Xmx256m / -Xmx512m (hot wallet) | $(ratio hot-sync-xmx256m hot-sync) | about 1 |"
